import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PgDatabase, quoteIdentifier } from '../pg-database.js';
import { PgliteDatabase } from '../pglite-database.js';
import type { SqlDatabase } from '../sql-database.js';

export type TestDatabaseKind = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when `DATABASE_URL` names a server (as `.ci/run` does). */
export function testDatabaseKinds(): TestDatabaseKind[] {
  return process.env.DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDatabase {
  db: SqlDatabase;
  kind: TestDatabaseKind;
  /** A second, independent connection to the same database (server only; PGlite has one session). */
  connectAgain(): SqlDatabase;
  destroy(): Promise<void>;
}

/**
 * A fresh, migrated database. PGlite: cloned from a template dumped once per `setupKey` and kept in the temp
 * folder (creating a PGlite database costs seconds, loading a dump half a second). PostgreSQL: a new database
 * on the `DATABASE_URL` server, dropped by `destroy()`.
 */
export async function createTestDatabase(
  kind: TestDatabaseKind,
  setup: (db: SqlDatabase) => Promise<void>,
  setupKey: string,
): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const template = await pgliteTemplate(setup, setupKey);
    const db = await PgliteDatabase.open({ template });
    return {
      db,
      kind,
      connectAgain: () => {
        throw new Error('PGlite has a single session');
      },
      destroy: () => db.close(),
    };
  }
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is not set');
  const name = `peps_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${quoteIdentifier(name)}`);
  await admin.end();
  const url = withDatabase(serverUrl, name);
  const db = new PgDatabase(url, { max: 12 });
  await setup(db);
  const others: SqlDatabase[] = [];
  return {
    db,
    kind,
    connectAgain: () => {
      const other = new PgDatabase(url, { max: 12 });
      others.push(other);
      return other;
    },
    destroy: async () => {
      for (const other of others) await other.close().catch(() => undefined);
      await db.close().catch(() => undefined);
      const cleaner = new pg.Client({ connectionString: serverUrl });
      await cleaner.connect();
      await cleaner.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      await cleaner.end();
    },
  };
}

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

const templates = new Map<string, Promise<Blob>>();

async function pgliteTemplate(setup: (db: SqlDatabase) => Promise<void>, setupKey: string): Promise<Blob> {
  const cached = templates.get(setupKey);
  if (cached) return cached;
  const building = (async () => {
    // The folder is the Jest run's own (its global setup makes it): templates never outlive the schema they hold.
    const folder = process.env.PEPS_PGLITE_TEMPLATES;
    const file = folder ? join(folder, `${createHash('sha256').update(setupKey).digest('hex').slice(0, 24)}.tar`) : undefined;
    if (file && existsSync(file)) return new Blob([readFileSync(file)]);
    const db = await PgliteDatabase.open();
    await setup(db);
    const dump = await db.dump();
    await db.close();
    if (folder && file) {
      mkdirSync(folder, { recursive: true });
      const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
    }
    return dump;
  })();
  templates.set(setupKey, building);
  return building;
}
