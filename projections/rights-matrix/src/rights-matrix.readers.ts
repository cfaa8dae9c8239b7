import type { ReaderImplementations } from '@peps/read-store';
import { MongoRightsMatrixReader } from './rights-matrix.mongo-reader.js';
import type { RightsMatrixReader } from './rights-matrix.reader.js';
import { SqlRightsMatrixReader } from './rights-matrix.sql-reader.js';

export const rightsMatrixReaders: ReaderImplementations<RightsMatrixReader> = {
  sql: (db) => new SqlRightsMatrixReader(db),
  mongodb: (db) => new MongoRightsMatrixReader(db),
};
