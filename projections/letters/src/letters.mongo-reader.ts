import type { Db } from 'mongodb';
import { LIVE, type StoredDocument } from '@peps/read-store';
import type { LetterEntry } from './evolve-letter.js';
import { lettersMongoMapping } from './letters.documents.js';
import { LETTERS_LIMIT, type LetterFilter, type LettersReader } from './letters.reader.js';

/** Pure: the filter of the list. */
export function lettersFilter(filter: LetterFilter): Record<string, unknown> {
  const where: Record<string, unknown> = { ...LIVE };
  if (filter.status !== undefined) where.status = filter.status;
  if (filter.employerId !== undefined) where.employerId = filter.employerId;
  if (filter.accountId !== undefined) where.accountId = filter.accountId;
  return where;
}

export class MongoLettersReader implements LettersReader {
  constructor(private readonly db: Db) {}

  async list(filter: LetterFilter = {}): Promise<LetterEntry[]> {
    const docs = await this.db
      .collection<StoredDocument<LetterEntry>>(lettersMongoMapping.projection)
      .find(lettersFilter(filter), { projection: { doc: 1 } })
      .sort({ createdAt: -1, _id: 1 })
      .limit(LETTERS_LIMIT)
      .toArray();
    return docs.map((d) => d.doc as LetterEntry);
  }
}
