import { escapeLike, normaliseForSearch, sqlColumnName } from '@peps/read-store';
import type { SqlExecutor } from '@peps/sql';
import type { AccountListEntry } from './account-list-document.js';
import { accountListSortFields, accountListTable } from './account-list.documents.js';
import { accountListPaging, type AccountListPage, type AccountListQuery, type AccountListReader, type AccountListSort } from './account-list.reader.js';

// The sorted field is the last of each sort's fields (MongoDB puts its "nulls last" companion before it).
const sortColumns = Object.fromEntries(
  Object.entries(accountListSortFields).map(([sort, fields]) => [sort, sqlColumnName(fields[fields.length - 1])]),
) as Record<AccountListSort, string>;

const table = `read.${accountListTable.table}`;

export class SqlAccountListReader implements AccountListReader {
  constructor(private readonly db: SqlExecutor) {}

  async list(query: AccountListQuery): Promise<AccountListPage> {
    const { page, pageSize, skip } = accountListPaging(query);
    const params: unknown[] = [];
    const where: string[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.employerId !== undefined) where.push(`employer_id = ${param(query.employerId)}`);
    if (query.profile) where.push(`profile = ${param(query.profile)}`);
    where.push(query.status ? `status = ${param(query.status)}` : `status <> 'closed'`);
    if (query.inactiveSince) {
      // The renewal lives in the document only (a column would need a migration); greatest() skips its null.
      where.push(`greatest(coalesce(last_sign_in_at, created_at), (doc->>'renewedAt')::timestamptz) < ${param(query.inactiveSince)}::timestamptz`);
    }
    const search = query.search ? normaliseForSearch(query.search) : '';
    if (search) where.push(`search like ${param(`%${escapeLike(search)}%`)}`);
    const direction = query.order === 'desc' ? 'desc' : 'asc';
    const column = sortColumns[query.sort ?? 'name'];
    const { rows } = await this.db.query<{ doc: AccountListEntry | string; total: string | number }>(
      `select doc, count(*) over () as total from ${table}
       where ${where.join(' and ')}
       order by ${column} ${direction} nulls last, account_id
       limit ${param(pageSize)} offset ${param(skip)}`,
      params,
      // Employers of 5 or 5,000 accounts, searches that match few or many: planned for the values asked.
      { prepare: false },
    );
    let total = rows.length ? Number(rows[0].total) : 0;
    if (!rows.length && page > 1) {
      const counted = await this.db.query<{ n: string | number }>(`select count(*) as n from ${table} where ${where.join(' and ')}`, params.slice(0, -2), {
        prepare: false,
      });
      total = Number(counted.rows[0].n);
    }
    return { items: rows.map((r) => (typeof r.doc === 'string' ? JSON.parse(r.doc) : r.doc)), total, page, pageSize };
  }

  async findByIdentifier(identifier: string): Promise<AccountListEntry | null> {
    const { rows } = await this.db.query<{ doc: AccountListEntry }>(`select doc from ${table} where identifier = $1`, [identifier.toUpperCase()]);
    return rows[0]?.doc ?? null;
  }
}
