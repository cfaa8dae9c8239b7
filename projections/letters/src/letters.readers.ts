import type { ReaderImplementations } from '@peps/read-store';
import { MongoLettersReader } from './letters.mongo-reader.js';
import type { LettersReader } from './letters.reader.js';
import { SqlLettersReader } from './letters.sql-reader.js';

export const lettersReaders: ReaderImplementations<LettersReader> = {
  sql: (db) => new SqlLettersReader(db),
  mongodb: (db) => new MongoLettersReader(db),
};
