import type { ReaderImplementations } from '@peps/read-store';
import { MongoAdministratorRegistrationsReader } from './administrator-registrations.mongo-reader.js';
import type { AdministratorRegistrationsReader } from './administrator-registrations.reader.js';
import { SqlAdministratorRegistrationsReader } from './administrator-registrations.sql-reader.js';

export const administratorRegistrationsReaders: ReaderImplementations<AdministratorRegistrationsReader> = {
  sql: (db) => new SqlAdministratorRegistrationsReader(db),
  mongodb: (db) => new MongoAdministratorRegistrationsReader(db),
};
