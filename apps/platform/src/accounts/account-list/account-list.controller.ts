import { Get, Headers, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { minPositionOf, requireActor } from '../../shell/query-side/actor-scope.js';
import { ListAccountsDto } from './list-accounts.dto.js';
import { ListAccounts } from './list-accounts.query.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

@ApiController('comptes', 'api/accounts')
export class AccountListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Endpoint(['administrator', 'drs'], 'Gestion des comptes : liste, recherche, filtres, tri et pagination')
  list(@CurrentActor() actor: AuthenticatedActor | undefined, @Query() query: ListAccountsDto, @Headers('x-min-position') header?: string) {
    const { minPosition, ...filter } = query;
    return this.queries.execute(new ListAccounts(requireActor(actor), filter, minPositionOf({ minPosition }, header)));
  }
}
