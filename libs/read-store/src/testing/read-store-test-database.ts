import { createHash } from 'node:crypto';
import { eventStoreMigrations } from '@peps/event-store';
import { migrate } from '@peps/sql';
import { createTestDatabase, type TestDatabase, type TestDatabaseKind } from '@peps/sql/testing';
import type { Projection } from '../projection.js';
import { readStoreMigrations } from '../sql/read-store-migrations.js';

/** A fresh database with the event store, the read store and the given projections' tables (PGlite from a template). */
export function createReadStoreTestDatabase(kind: TestDatabaseKind, projections: readonly Projection[] = []): Promise<TestDatabase> {
  const key = `read-store:${createHash('sha256')
    .update(JSON.stringify([eventStoreMigrations, readStoreMigrations, projections.map((p) => [p.name, p.migrations])]))
    .digest('hex')}`;
  return createTestDatabase(
    kind,
    async (db) => {
      await migrate(db, 'event-store', eventStoreMigrations);
      await migrate(db, 'read-store', readStoreMigrations);
      for (const projection of projections) await migrate(db, `read:${projection.name}`, projection.migrations);
    },
    key,
  );
}
