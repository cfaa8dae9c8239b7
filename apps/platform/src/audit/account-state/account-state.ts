import { Get, Inject, NotFoundException, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, MaxDate, MinDate } from 'class-validator';
import type { EventStore } from '@peps/event-store';
import { accountStateAt, type AccountSnapshot } from '@peps/audit-trail';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { EVENT_STORE } from '@peps/runtime';
import { requireActor } from '../../shell/query-side/actor-scope.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

export class AccountStateDto {
  @ApiProperty({ description: 'Instant ISO-8601, par exemple 2025-03-01T12:00:00Z' })
  @Type(() => Date)
  @IsDate({ message: 'L’instant « at » est obligatoire et doit être une date ISO-8601.' })
  // JavaScript dates reach year 275760, PostgreSQL's text input does not read years beyond 9999 written '+YYYYYY'.
  @MinDate(new Date('0001-01-01T00:00:00.000Z'), { message: 'L’instant « at » doit être compris entre l’an 1 et l’an 9999.' })
  @MaxDate(new Date('9999-12-31T23:59:59.999Z'), { message: 'L’instant « at » doit être compris entre l’an 1 et l’an 9999.' })
  at!: Date;
}

export class GetAccountStateAt extends CqrsQuery<AccountSnapshot> {
  constructor(
    readonly accountId: string,
    readonly at: Date,
  ) {
    super();
  }
}

@QueryHandler(GetAccountStateAt)
export class GetAccountStateAtHandler implements IQueryHandler<GetAccountStateAt> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ accountId, at }: GetAccountStateAt): Promise<AccountSnapshot> {
    const { state } = await accountStateAt(this.store, accountId, at);
    // Before its creation the account did not exist: same answer as an unknown account.
    if (!state) throw new NotFoundException();
    return state;
  }
}

@ApiController('audit', 'api/accounts')
export class AccountStateController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/state')
  @Endpoint(['auditor'], 'Le compte tel qu’il était à un instant donné (rejoué depuis les événements)')
  state(
    @CurrentActor() actor: AuthenticatedActor | undefined,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException() })) id: string,
    @Query() query: AccountStateDto,
  ) {
    requireActor(actor);
    return this.queries.execute(new GetAccountStateAt(id, query.at));
  }
}
