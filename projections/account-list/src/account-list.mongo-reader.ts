import type { Db, Filter, Sort } from 'mongodb';
import { LIVE, normaliseForSearch, type StoredDocument } from '@peps/read-store';
import type { AccountListEntry } from './account-list-document.js';
import { accountListMongoMapping, accountListSortFields } from './account-list.documents.js';
import { accountListPaging, type AccountListPage, type AccountListQuery, type AccountListReader } from './account-list.reader.js';

/** Escapes a text for a `$regex` matching it literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Pure: the query parameters as a MongoDB filter (the `where` of the SQL reader). */
export function accountListFilter(query: AccountListQuery): Filter<StoredDocument<AccountListEntry>> {
  const filter: Record<string, unknown> = { ...LIVE };
  if (query.employerId !== undefined) filter.employerId = query.employerId;
  if (query.profile) filter.profile = query.profile;
  filter.status = query.status ? query.status : { $ne: 'closed' };
  if (query.inactiveSince) {
    const before = new Date(query.inactiveSince);
    filter.$and = [
      { $or: [{ lastSignInAt: { $lt: before } }, { lastSignInAt: null, createdAt: { $lt: before } }] },
      // The renewal is in the document only, as the ISO string the event gave, so it compares as text.
      { $or: [{ 'doc.renewedAt': { $exists: false } }, { 'doc.renewedAt': { $lt: before.toISOString() } }] },
    ];
  }
  const search = query.search ? normaliseForSearch(query.search) : '';
  // Searched literally, as the SQL LIKE escapes % and _.
  if (search) filter.search = { $regex: escapeRegex(search) };
  return filter as Filter<StoredDocument<AccountListEntry>>;
}

/** Pure: the order of the list (the chosen key in the chosen direction, never-signed-in last, then `_id`). */
export function accountListSort(query: Pick<AccountListQuery, 'sort' | 'order'>): Sort {
  const direction = query.order === 'desc' ? -1 : 1;
  const sort: Record<string, 1 | -1> = {};
  for (const field of accountListSortFields[query.sort ?? 'name']) sort[field] = field === 'neverSignedIn' ? 1 : direction;
  sort._id = 1;
  return sort;
}

export class MongoAccountListReader implements AccountListReader {
  constructor(private readonly db: Db) {}

  private get collection() {
    return this.db.collection<StoredDocument<AccountListEntry>>(accountListMongoMapping.projection);
  }

  async list(query: AccountListQuery): Promise<AccountListPage> {
    const { page, pageSize, skip } = accountListPaging(query);
    const filter = accountListFilter(query);
    const [docs, total] = await Promise.all([
      this.collection.find(filter, { projection: { doc: 1 } }).sort(accountListSort(query)).skip(skip).limit(pageSize).toArray(),
      this.collection.countDocuments(filter),
    ]);
    return { items: docs.map((d) => d.doc as AccountListEntry), total, page, pageSize };
  }

  async findByIdentifier(identifier: string): Promise<AccountListEntry | null> {
    const found = await this.collection.findOne({ identifier: identifier.toUpperCase(), ...LIVE });
    return (found?.doc as AccountListEntry | undefined) ?? null;
  }
}
