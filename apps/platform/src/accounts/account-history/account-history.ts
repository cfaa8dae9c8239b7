import { Get, Inject, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@peps/event-store';
import { accountHistory, type HistoryEntry } from '@peps/audit-trail';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { EVENT_STORE } from '@peps/runtime';
import { assertEmployerVisible, requireActor } from '../../shell/query-side/actor-scope.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

export class GetAccountHistory extends CqrsQuery<{ accountId: string; entries: HistoryEntry[] }> {
  constructor(
    readonly actor: AuthenticatedActor,
    readonly accountId: string,
  ) {
    super();
  }
}

@QueryHandler(GetAccountHistory)
export class GetAccountHistoryHandler implements IQueryHandler<GetAccountHistory> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ actor, accountId }: GetAccountHistory) {
    const { employerId, entries } = await accountHistory(this.store, accountId);
    if (!employerId) throw new NotFoundException();
    assertEmployerVisible(actor, employerId, ['auditor']);
    return { accountId, entries };
  }
}

@ApiController('comptes', 'api/accounts')
export class AccountHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @Endpoint(['administrator', 'auditor'], 'Historique complet du compte : date, auteur et changement de chaque événement')
  history(@CurrentActor() actor: AuthenticatedActor | undefined, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException() })) id: string) {
    return this.queries.execute(new GetAccountHistory(requireActor(actor), id));
  }
}
