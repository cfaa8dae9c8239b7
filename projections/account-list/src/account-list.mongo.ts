import type { Db, Filter, Sort } from 'mongodb';
import { LIVE, normaliseForSearch, type MongoIndexSpec, type MongoProjectionMapping, type StoredDocument } from '@peps/read-store';
import type { AccountListEntry } from './account-list-document.js';
import type { AccountListPage, AccountListQuery, AccountListSort } from './account-list.queries.js';

/** Sort keys of the list: the field(s) each `sort` orders by, before the `_id` tie-break. */
export const accountListSortFields: Record<AccountListSort, readonly string[]> = {
  name: ['sortName'],
  identifier: ['identifier'],
  createdAt: ['createdAt'],
  lastSignInAt: ['neverSignedIn', 'lastSignInAt'],
  status: ['status'],
  profile: ['profile'],
};

/** MongoDB counterpart of `accountListTable`: collection `account-list`, `_id` = account id. */
export const accountListMongoMapping: MongoProjectionMapping<AccountListEntry> = {
  projection: 'account-list',
  fields: (_key, d) => ({
    employerId: d.employerId,
    identifier: d.identifier,
    profile: d.profile,
    status: d.status,
    sortName: normaliseForSearch(`${d.lastName} ${d.firstName}`),
    email: d.email.toLowerCase(),
    createdAt: new Date(d.createdAt),
    lastSignInAt: d.lastSignInAt ? new Date(d.lastSignInAt) : null,
    // "Nulls last" in both directions, as the SQL query sorts: never-signed-in accounts sort after the others.
    neverSignedIn: d.lastSignInAt === null,
    search: normaliseForSearch(`${d.identifier} ${d.lastName} ${d.firstName} ${d.lastName} ${d.email}`),
  }),
  indexes: accountListIndexes(),
};

/**
 * One index per sort key, with and without the employer (an administrator's list; the DRS list of every employer),
 * and the identifier lookup. Equality filters (status, profile) and the search are residual predicates on these.
 */
function accountListIndexes(): MongoIndexSpec[] {
  const indexes: MongoIndexSpec[] = [];
  for (const [sort, fields] of Object.entries(accountListSortFields)) {
    const key = Object.fromEntries(fields.map((f) => [f, 1 as const]));
    indexes.push({ name: `employer_${sort}`, key: { employerId: 1, ...key, _id: 1 } });
    indexes.push({ name: `all_${sort}`, key: { ...key, _id: 1 } });
  }
  indexes.push({ name: 'identifier', key: { identifier: 1 } });
  return indexes;
}

/** Escapes a text for a `$regex` matching it literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pure: the query parameters as a MongoDB filter (the `where` of `listAccounts`). */
export function accountListFilter(query: AccountListQuery): Filter<StoredDocument<AccountListEntry>> {
  const filter: Record<string, unknown> = { ...LIVE };
  if (query.employerId !== undefined) filter.employerId = query.employerId;
  if (query.profile) filter.profile = query.profile;
  filter.status = query.status ? query.status : { $ne: 'closed' };
  const search = query.search ? normaliseForSearch(query.search) : '';
  if (search) filter.search = { $regex: escapeRegex(search) };
  return filter as Filter<StoredDocument<AccountListEntry>>;
}

/** Pure: the order of `listAccounts` (the chosen key in the chosen direction, never-signed-in last, then `_id`). */
export function accountListSort(query: Pick<AccountListQuery, 'sort' | 'order'>): Sort {
  const direction = query.order === 'desc' ? -1 : 1;
  const sort: Record<string, 1 | -1> = {};
  for (const field of accountListSortFields[query.sort ?? 'name']) sort[field] = field === 'neverSignedIn' ? 1 : direction;
  sort._id = 1;
  return sort;
}

export function accountListPaging(query: Pick<AccountListQuery, 'page' | 'pageSize'>): { page: number; pageSize: number; skip: number } {
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 50));
  return { page, pageSize, skip: (page - 1) * pageSize };
}

/** `listAccounts` on MongoDB. */
export async function listAccountsMongo(db: Db, query: AccountListQuery): Promise<AccountListPage> {
  const { page, pageSize, skip } = accountListPaging(query);
  const collection = db.collection<StoredDocument<AccountListEntry>>(accountListMongoMapping.projection);
  const filter = accountListFilter(query);
  const [docs, total] = await Promise.all([
    collection.find(filter, { projection: { doc: 1 } }).sort(accountListSort(query)).skip(skip).limit(pageSize).toArray(),
    collection.countDocuments(filter),
  ]);
  return { items: docs.map((d) => d.doc as AccountListEntry), total, page, pageSize };
}

export async function findListedAccountMongo(db: Db, accountId: string): Promise<AccountListEntry | null> {
  const found = await db.collection<StoredDocument<AccountListEntry>>(accountListMongoMapping.projection).findOne({ _id: accountId, ...LIVE });
  return (found?.doc as AccountListEntry | undefined) ?? null;
}

export async function findListedAccountByIdentifierMongo(db: Db, identifier: string): Promise<AccountListEntry | null> {
  const found = await db
    .collection<StoredDocument<AccountListEntry>>(accountListMongoMapping.projection)
    .findOne({ identifier: identifier.toUpperCase(), ...LIVE });
  return (found?.doc as AccountListEntry | undefined) ?? null;
}
