import { outgoingLinksMigrations } from '@peps/process-managers';
import { migrate, type SqlDatabase } from '@peps/sql';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { authMigrations, migrateAuthSchema } from './auth-migrations.js';

/** What `auth` migration 1 also created before the table had its own component (same columns and index). */
const OUTGOING_LINKS_OF_AUTH_1 =
  "create table auth.outgoing_links (id uuid primary key, event_id uuid, account_id uuid, purpose text not null, token text, payload jsonb not null default '{}'::jsonb, " +
  'expires_at timestamptz not null, created_at timestamptz not null default now(), consumed_at timestamptz); ' +
  'create unique index outgoing_links_event on auth.outgoing_links (event_id) where event_id is not null';

const tableShape = async (db: SqlDatabase) => ({
  columns: (
    await db.query(
      `select column_name, data_type, is_nullable, column_default from information_schema.columns
        where table_schema = 'auth' and table_name = 'outgoing_links' order by ordinal_position`,
    )
  ).rows,
  indexes: (await db.query(`select indexname, indexdef from pg_indexes where schemaname = 'auth' and tablename = 'outgoing_links' order by indexname`)).rows,
});

describe.each(testDatabaseKinds())('the auth schema and the outgoing links on %s', (kind) => {
  const databases: TestDatabase[] = [];
  const emptyDatabase = async () => {
    const database = await createTestDatabase(kind, async () => undefined, 'empty-database');
    databases.push(database);
    return database.db;
  };
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.destroy();
  });

  it('creates the table on a fresh database through its own component, once', async () => {
    const db = await emptyDatabase();
    expect(await migrateAuthSchema(db)).toEqual({ auth: [1, 2, 3, 4], outgoingLinks: [1] });
    expect((await tableShape(db)).columns).toHaveLength(9);
    expect(await migrateAuthSchema(db)).toEqual({ auth: [], outgoingLinks: [] });
  });

  it('given a database at the old migration state (the table from auth 1), when migrated now, then it upgrades cleanly', async () => {
    const old = await emptyDatabase();
    const authBeforeTheMove = [{ ...authMigrations[0], sql: `${authMigrations[0].sql};\n${OUTGOING_LINKS_OF_AUTH_1}` }, authMigrations[1]];
    await migrate(old, 'auth', authBeforeTheMove);
    await old.query(
      `insert into auth.outgoing_links (id, event_id, account_id, purpose, token, expires_at)
       values ('7d3f8e0a-4c61-4a8e-9d2b-0b8f1c2e3a41', '1b2c3d4e-5f60-4718-a9b0-c1d2e3f4a5b6', null, 'invitation', 'raw-token', now() + interval '1 day')`,
    );

    expect(await migrateAuthSchema(old)).toEqual({ auth: [3, 4], outgoingLinks: [1] });
    const { rows } = await old.query<{ token: string }>('select token from auth.outgoing_links');
    expect(rows).toEqual([{ token: 'raw-token' }]);

    const fresh = await emptyDatabase();
    await migrateAuthSchema(fresh);
    expect(await tableShape(old)).toEqual(await tableShape(fresh));
    expect((await tableShape(old)).indexes.map((index) => index.indexname)).toEqual(['outgoing_links_event', 'outgoing_links_pkey']);
  });

  it('keeps one definition of the table: the outgoing links component’s', () => {
    expect(authMigrations.map((migration) => migration.sql).join('\n')).not.toMatch(/outgoing_links/);
    expect(outgoingLinksMigrations[0].sql).toMatch(/create table if not exists auth\.outgoing_links/);
  });
});
