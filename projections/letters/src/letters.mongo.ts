import type { Db } from 'mongodb';
import { LIVE, type MongoProjectionMapping, type StoredDocument } from '@peps/read-store';
import type { LetterEntry } from './evolve-letter.js';

/** MongoDB counterpart of `lettersTable`: collection `letters`, `_id` = letter id. */
export const lettersMongoMapping: MongoProjectionMapping<LetterEntry> = {
  projection: 'letters',
  fields: (_key, d) => ({ accountId: d.accountId, employerId: d.employerId, status: d.status, createdAt: new Date(d.createdAt) }),
  indexes: [
    { name: 'created', key: { createdAt: -1, _id: 1 } },
    { name: 'status_created', key: { status: 1, createdAt: -1, _id: 1 } },
    { name: 'employer_created', key: { employerId: 1, createdAt: -1, _id: 1 } },
    // Also the registrations' lookup of each account's latest letter.
    { name: 'account_created', key: { accountId: 1, createdAt: -1, _id: 1 } },
  ],
};

export interface LetterFilter {
  status?: string;
  employerId?: string;
  accountId?: string;
}

/** Pure: the `where` of `listLetters`. */
export function lettersFilter(filter: LetterFilter): Record<string, unknown> {
  const where: Record<string, unknown> = { ...LIVE };
  if (filter.status !== undefined) where.status = filter.status;
  if (filter.employerId !== undefined) where.employerId = filter.employerId;
  if (filter.accountId !== undefined) where.accountId = filter.accountId;
  return where;
}

/** `listLetters` on MongoDB: newest first, at most 1,000. */
export async function listLettersMongo(db: Db, filter: LetterFilter = {}): Promise<LetterEntry[]> {
  const docs = await db
    .collection<StoredDocument<LetterEntry>>(lettersMongoMapping.projection)
    .find(lettersFilter(filter), { projection: { doc: 1 } })
    .sort({ createdAt: -1, _id: 1 })
    .limit(1000)
    .toArray();
  return docs.map((d) => d.doc as LetterEntry);
}

export async function findLetterMongo(db: Db, letterId: string): Promise<LetterEntry | null> {
  const found = await db.collection<StoredDocument<LetterEntry>>(lettersMongoMapping.projection).findOne({ _id: letterId, ...LIVE });
  return (found?.doc as LetterEntry | undefined) ?? null;
}
