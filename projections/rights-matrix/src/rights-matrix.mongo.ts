import type { Db } from 'mongodb';
import { LIVE, normaliseForSearch, type MongoProjectionMapping, type StoredDocument } from '@peps/read-store';
import type { RightsMatrixRow } from './evolve-rights-matrix.js';

/** MongoDB counterpart of `rightsMatrixTable`: collection `rights-matrix`, `_id` = account id. */
export const rightsMatrixMongoMapping: MongoProjectionMapping<RightsMatrixRow> = {
  projection: 'rights-matrix',
  fields: (_key, d) => ({ employerId: d.employerId, sortName: normaliseForSearch(`${d.lastName} ${d.firstName}`) }),
  indexes: [{ name: 'employer_name', key: { employerId: 1, sortName: 1, _id: 1 } }],
};

/** Pure: filter and order of `rightsMatrixRows`. */
export function rightsMatrixQuery(employerId: string) {
  return { filter: { employerId, ...LIVE }, sort: { sortName: 1, _id: 1 } as Record<string, 1 | -1> };
}

/** `rightsMatrixRows` on MongoDB: one employer's accounts by name. */
export async function rightsMatrixRowsMongo(db: Db, employerId: string): Promise<RightsMatrixRow[]> {
  const { filter, sort } = rightsMatrixQuery(employerId);
  const docs = await db
    .collection<StoredDocument<RightsMatrixRow>>(rightsMatrixMongoMapping.projection)
    .find(filter, { projection: { doc: 1 } })
    .sort(sort)
    .toArray();
  return docs.map((d) => d.doc as RightsMatrixRow);
}
