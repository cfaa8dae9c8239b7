import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { AccountListPage, AccountListQuery, AccountListReader } from '@peps/account-list';
import type { AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { ACCOUNT_LIST_READER, PLATFORM_CLOCK, ReadYourWrites, type PlatformClock } from '@peps/runtime';
import { inactivityCutoff } from './account-expiry.js';

export class ListAccounts extends Query<AccountListPage> {
  constructor(
    readonly actor: AuthenticatedActor,
    readonly filter: Omit<AccountListQuery, 'employerId' | 'inactiveSince'> & { employerId?: string; expiring?: '1' },
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
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
  ) {}

  async execute({ actor, filter: { expiring, ...asked }, minPosition }: ListAccounts): Promise<AccountListPage> {
    await this.readYourWrites.wait(['account-list'], minPosition);
    const filter: AccountListQuery = { ...asked, ...(expiring ? { inactiveSince: inactivityCutoff(this.clock.now()) } : {}) };
    // The DRS sees every employer (and may narrow to one); an administrator only ever sees their own.
    if (actor.roles.includes('drs')) return this.accounts.list(filter);
    if (!actor.employerId) return { items: [], total: 0, page: filter.page ?? 1, pageSize: filter.pageSize ?? 50 };
    return this.accounts.list({ ...filter, employerId: actor.employerId });
  }
}
