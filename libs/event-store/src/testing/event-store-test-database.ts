import { createHash } from 'node:crypto';
import { migrate } from '@peps/sql';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '@peps/sql/testing';
import { eventStoreMigrations } from '../sql/event-store-migrations.js';

const key = `event-store:${createHash('sha256').update(JSON.stringify(eventStoreMigrations)).digest('hex')}`;

export function createEventStoreTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  return createTestDatabase(kind, (db) => migrate(db, 'event-store', eventStoreMigrations).then(() => undefined), key);
}
