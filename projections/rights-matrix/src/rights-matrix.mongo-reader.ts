import type { Db } from 'mongodb';
import { LIVE, type StoredDocument } from '@peps/read-store';
import type { RightsMatrixRow } from './evolve-rights-matrix.js';
import { rightsMatrixMongoMapping } from './rights-matrix.documents.js';
import type { RightsMatrixReader } from './rights-matrix.reader.js';

/** Pure: filter and order of one employer's rows. */
export function rightsMatrixQuery(employerId: string) {
  return { filter: { employerId, ...LIVE }, sort: { sortName: 1, _id: 1 } as Record<string, 1 | -1> };
}

export class MongoRightsMatrixReader implements RightsMatrixReader {
  constructor(private readonly db: Db) {}

  async rows(employerId: string): Promise<RightsMatrixRow[]> {
    const { filter, sort } = rightsMatrixQuery(employerId);
    const docs = await this.db
      .collection<StoredDocument<RightsMatrixRow>>(rightsMatrixMongoMapping.projection)
      .find(filter, { projection: { doc: 1 } })
      .sort(sort)
      .toArray();
    return docs.map((d) => d.doc as RightsMatrixRow);
  }
}
