import { createHash } from 'node:crypto';
import { eventStoreMigrations, SqlEventStore } from '@peps/event-store';
import { migrate } from '@peps/sql';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '@peps/sql/testing';
import { migrateOutgoingLinks, outgoingLinksMigrations } from '../mail/outgoing-links-migrations.js';
import { processManagerMigrations } from '../runtime/pm-migrations.js';

const key = `process-managers:${createHash('sha256')
  .update(JSON.stringify([eventStoreMigrations, processManagerMigrations, outgoingLinksMigrations]))
  .digest('hex')}`;

/** Event store, `pm` schema and the write side's `auth.outgoing_links`, migrated. */
export async function createProcessManagerTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase & { store: SqlEventStore }> {
  const database = await createTestDatabase(
    kind,
    async (db) => {
      await migrate(db, 'event-store', eventStoreMigrations);
      await migrate(db, 'process-managers', processManagerMigrations);
      await migrateOutgoingLinks(db);
    },
    key,
  );
  return { ...database, store: new SqlEventStore(database.db, { pollIntervalMs: 50 }) };
}
