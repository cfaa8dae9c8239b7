import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { isMongoReadStore } from '@peps/read-store';
import { listAccountsMongo } from '@peps/account-list';
import { listAccounts, type AccountListPage, type AccountListQuery } from '@peps/account-list';
import type { AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { READ_STORE } from '@peps/runtime';
import type { PlatformReadStore } from '@peps/runtime';
import { ReadYourWrites } from '@peps/runtime';

export class ListAccounts extends Query<AccountListPage> {
  constructor(
    readonly actor: AuthenticatedActor,
    readonly filter: Omit<AccountListQuery, 'employerId'> & { employerId?: string },
    readonly minPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(ListAccounts)
export class ListAccountsHandler implements IQueryHandler<ListAccounts> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: PlatformReadStore,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ actor, filter, minPosition }: ListAccounts): Promise<AccountListPage> {
    await this.readYourWrites.wait(['account-list'], minPosition);
    // The DRS sees every employer (and may narrow to one); an administrator only ever sees their own.
    if (actor.roles.includes('drs')) return this.list(filter);
    if (!actor.employerId) return { items: [], total: 0, page: filter.page ?? 1, pageSize: filter.pageSize ?? 50 };
    return this.list({ ...filter, employerId: actor.employerId });
  }

  private list(query: AccountListQuery): Promise<AccountListPage> {
    const rs = this.readStore;
    return isMongoReadStore(rs) ? listAccountsMongo(rs.db, query) : listAccounts(rs.db, query);
  }
}
