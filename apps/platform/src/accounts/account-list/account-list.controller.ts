import { Get, Headers, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiProduces } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { ACCOUNT_LIST_MAX_BATCH, type AccountListPage } from '@peps/account-list';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { minPositionOf, requireActor } from '../../shell/query-side/actor-scope.js';
import { accountCsvHeader, accountCsvRow } from './account-list-csv.js';
import { ListAccountsDto } from './list-accounts.dto.js';
import { ListAccounts } from './list-accounts.query.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

/** Rows fetched per round trip when exporting: the CSV is written as it is read, one batch held at a time. */
const EXPORT_BATCH = ACCOUNT_LIST_MAX_BATCH;

@ApiController('comptes', 'api/accounts')
export class AccountListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiProduces('application/json', 'text/csv')
  @Endpoint(['administrator', 'drs'], 'Gestion des comptes : liste, recherche, filtres, tri et pagination ; Accept: text/csv pour la liste filtrée en CSV')
  async list(
    @CurrentActor() actor: AuthenticatedActor | undefined,
    @Query() query: ListAccountsDto,
    @Res() response: FastifyReply,
    @Headers('accept') accept?: string,
    @Headers('x-min-position') header?: string,
  ) {
    const { minPosition, page, pageSize, ...filter } = query;
    const who = requireActor(actor);
    const position = minPositionOf({ minPosition }, header);
    if (!/text\/csv/i.test(accept ?? '')) {
      return response.send(await this.queries.execute(new ListAccounts(who, { ...filter, page, pageSize }, position)));
    }
    const first: AccountListPage = await this.queries.execute(new ListAccounts(who, { ...filter, page: 1, pageSize: EXPORT_BATCH }, position));
    const withEmployer = who.roles.includes('drs');
    const queries = this.queries;
    // Streamed batch by batch: the stream's back-pressure paces the reads, and memory holds one batch.
    async function* rows(): AsyncGenerator<string> {
      yield accountCsvHeader(withEmployer);
      let batch = first;
      for (let p = 1; ; p++) {
        if (p > 1) batch = await queries.execute(new ListAccounts(who, { ...filter, page: p, pageSize: EXPORT_BATCH }));
        let chunk = '';
        for (const entry of batch.items) chunk += accountCsvRow(entry, withEmployer);
        if (chunk) yield chunk;
        if (batch.items.length < EXPORT_BATCH || p * EXPORT_BATCH >= first.total) break;
      }
    }
    return response
      .code(200)
      .type('text/csv; charset=utf-8')
      .header('Content-Disposition', 'attachment; filename="comptes.csv"')
      .send(Readable.from(rows()));
  }
}
