import { escapeLike, normaliseForSearch } from '@peps/read-store';
import type { SqlExecutor } from '@peps/sql';
import type { AccountListEntry, ListedStatus } from './account-list-document.js';

export type AccountListSort = 'name' | 'identifier' | 'createdAt' | 'lastSignInAt' | 'status' | 'profile';

export interface AccountListQuery {
  /** Undefined: every employer (DRS). */
  employerId?: string;
  search?: string;
  profile?: 'administrator' | 'user';
  /** Undefined: every status but closed (a deleted account leaves the list). */
  status?: ListedStatus;
  sort?: AccountListSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface AccountListPage {
  items: AccountListEntry[];
  total: number;
  page: number;
  pageSize: number;
}

const sortColumns: Record<AccountListSort, string> = {
  name: 'sort_name',
  identifier: 'identifier',
  createdAt: 'created_at',
  lastSignInAt: 'last_sign_in_at',
  status: 'status',
  profile: 'profile',
};

export async function listAccounts(db: SqlExecutor, query: AccountListQuery): Promise<AccountListPage> {
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 50));
  const params: unknown[] = [];
  const where: string[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (query.employerId !== undefined) where.push(`employer_id = ${param(query.employerId)}`);
  if (query.profile) where.push(`profile = ${param(query.profile)}`);
  where.push(query.status ? `status = ${param(query.status)}` : `status <> 'closed'`);
  const search = query.search ? normaliseForSearch(query.search) : '';
  if (search) where.push(`search like ${param(`%${escapeLike(search)}%`)}`);
  const direction = query.order === 'desc' ? 'desc' : 'asc';
  const column = sortColumns[query.sort ?? 'name'];
  const { rows } = await db.query<{ doc: AccountListEntry | string; total: string | number }>(
    `select doc, count(*) over () as total from read.account_list
     where ${where.join(' and ')}
     order by ${column} ${direction} nulls last, account_id
     limit ${param(pageSize)} offset ${param((page - 1) * pageSize)}`,
    params,
    // Employers of 5 or 5,000 accounts, searches that match few or many: planned for the values asked.
    { prepare: false },
  );
  let total = rows.length ? Number(rows[0].total) : 0;
  if (!rows.length && page > 1) {
    const counted = await db.query<{ n: string | number }>(`select count(*) as n from read.account_list where ${where.join(' and ')}`, params.slice(0, -2), { prepare: false });
    total = Number(counted.rows[0].n);
  }
  return { items: rows.map((r) => (typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc)), total, page, pageSize };
}

export async function findListedAccount(db: SqlExecutor, accountId: string): Promise<AccountListEntry | null> {
  const { rows } = await db.query<{ doc: AccountListEntry }>('select doc from read.account_list where account_id = $1', [accountId]);
  return rows[0]?.doc ?? null;
}

export async function findListedAccountByIdentifier(db: SqlExecutor, identifier: string): Promise<AccountListEntry | null> {
  const { rows } = await db.query<{ doc: AccountListEntry }>('select doc from read.account_list where identifier = $1', [identifier.toUpperCase()]);
  return rows[0]?.doc ?? null;
}
