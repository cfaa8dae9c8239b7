import type { SqlDatabase } from './sql-database.js';
import { leaseKeyNumber } from './sql-database.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Applies the missing migrations of one component (`event-store`, `read-store`, ...) in order, each in its own
 * transaction, recorded in `public.peps_migrations`. On a server, an advisory lock keeps two components or two
 * starting processes from migrating at once.
 */
export async function migrate(db: SqlDatabase, component: string, migrations: readonly Migration[]): Promise<number[]> {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations of ${component} must be numbered 1..n without gaps`);
  });
  return db.transaction(async (tx) => {
    if (db.kind === 'postgres') {
      // One lock for every component: on a fresh database, components migrating at once (one process starts
      // several; several processes start together) would otherwise race on `create table if not exists
      // public.peps_migrations` (duplicate key on pg_type) and stop the start.
      await tx.query('select pg_advisory_xact_lock($1::bigint)', [leaseKeyNumber('migrate').toString()]);
    }
    await tx.query(`create table if not exists public.peps_migrations (
      component text not null, version integer not null, name text not null,
      applied_at timestamptz not null default now(), primary key (component, version))`);
    const { rows } = await tx.query<{ version: number }>(
      'select version from public.peps_migrations where component = $1',
      [component],
    );
    const applied = new Set(rows.map((r) => Number(r.version)));
    const done: number[] = [];
    for (const migration of sorted) {
      if (applied.has(migration.version)) continue;
      for (const statement of splitStatements(migration.sql)) await tx.query(statement);
      await tx.query('insert into public.peps_migrations (component, version, name) values ($1, $2, $3)', [
        component,
        migration.version,
        migration.name,
      ]);
      done.push(migration.version);
    }
    return done;
  });
}

/** Splits on `;` at top level, keeping `$$ ... $$` bodies whole. */
export function splitStatements(sql: string): string[] {
  const statements: string[] = [];
  let current = '';
  let inDollar = false;
  for (let i = 0; i < sql.length; i++) {
    if (sql.startsWith('$$', i)) {
      inDollar = !inDollar;
      current += '$$';
      i++;
      continue;
    }
    const ch = sql[i];
    if (ch === ';' && !inDollar) {
      if (current.trim()) statements.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}
