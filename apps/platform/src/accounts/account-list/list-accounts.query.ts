import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AccountListPage, AccountListQuery, AccountListReader } from '@peps/account-list';
import type { AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { ACCOUNT_LIST_READER, ReadYourWrites } from '@peps/runtime';

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
    @Inject(ACCOUNT_LIST_READER) private readonly accounts: AccountListReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ actor, filter, minPosition }: ListAccounts): Promise<AccountListPage> {
    await this.readYourWrites.wait(['account-list'], minPosition);
    // The DRS sees every employer (and may narrow to one); an administrator only ever sees their own.
    if (actor.roles.includes('drs')) return this.accounts.list(filter);
    if (!actor.employerId) return { items: [], total: 0, page: filter.page ?? 1, pageSize: filter.pageSize ?? 50 };
    return this.accounts.list({ ...filter, employerId: actor.employerId });
  }
}
