import { Get, Inject, NotFoundException, Param, ParseUUIDPipe } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@peps/event-store';
import { accountHistory, type AuditTrailReader, type HistoryEntry } from '@peps/audit-trail';
import type { SqlDatabase } from '@peps/sql';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { AUDIT_TRAIL_READER, EVENT_STORE, SQL_DATABASE } from '@peps/runtime';
import { assertEmployerVisible, requireActor } from '../../shell/query-side/actor-scope.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { ActorNameDirectory } from './actor-names.js';
import { actorIdsToName, historyActor, type HistoryActor } from './history-actor.js';

/** A history entry as the API answers it: its author named (CONTRACT.md, "Imports, exports and lists"). */
export type NamedHistoryEntry = Omit<HistoryEntry, 'actor'> & { actor: HistoryActor };

export class GetAccountHistory extends CqrsQuery<{ accountId: string; entries: NamedHistoryEntry[] }> {
  constructor(
    readonly actor: AuthenticatedActor,
    readonly accountId: string,
  ) {
    super();
  }
}

@QueryHandler(GetAccountHistory)
export class GetAccountHistoryHandler implements IQueryHandler<GetAccountHistory> {
  private readonly directory: ActorNameDirectory;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_TRAIL_READER) audit: AuditTrailReader,
    @Inject(SQL_DATABASE) db: SqlDatabase,
  ) {
    this.directory = new ActorNameDirectory(audit, db, store);
  }

  async execute({ actor, accountId }: GetAccountHistory) {
    const { employerId, holder, entries } = await accountHistory(this.store, accountId);
    if (!employerId) throw new NotFoundException();
    assertEmployerVisible(actor, employerId, ['auditor']);
    const names = await this.directory.names(actorIdsToName(entries.map((e) => e.actor), holder?.id ?? null));
    return { accountId, entries: entries.map((e) => ({ ...e, actor: historyActor(e.actor, holder, names) })) };
  }
}

@ApiController('comptes', 'api/accounts')
export class AccountHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/history')
  @Endpoint(['administrator', 'auditor'], 'Historique complet du compte : date, auteur nommé ({kind, id, identifier, name}) et changement de chaque événement')
  history(@CurrentActor() actor: AuthenticatedActor | undefined, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException() })) id: string) {
    return this.queries.execute(new GetAccountHistory(requireActor(actor), id));
  }
}
