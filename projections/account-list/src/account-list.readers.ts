import type { ReaderImplementations } from '@peps/read-store';
import type { AccountListReader } from './account-list.reader.js';
import { MongoAccountListReader } from './account-list.mongo-reader.js';
import { SqlAccountListReader } from './account-list.sql-reader.js';

export const accountListReaders: ReaderImplementations<AccountListReader> = {
  sql: (db) => new SqlAccountListReader(db),
  mongodb: (db) => new MongoAccountListReader(db),
};
