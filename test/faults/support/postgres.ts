import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** The server the suite works on: `DATABASE_URL`'s server, or the local one on 127.0.0.1:5432. */
export function serverUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface FreshDatabase {
  url: string;
  name: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

/** A database of its own for one scenario, dropped (with its sessions) at the end. */
export async function createFreshDatabase(): Promise<FreshDatabase> {
  const name = `peps_faults_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl(), 'postgres') });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(serverUrl(), name);
  const pool = new pg.Pool({ connectionString: url, max: 3 });
  pool.on('error', () => undefined); // the server restart scenario closes idle connections
  return {
    url,
    name,
    pool,
    async drop() {
      await pool.end().catch(() => undefined);
      const client = new pg.Client({ connectionString: withDatabase(serverUrl(), 'postgres') });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Runs a query, retrying while the server is unavailable (the restart scenario). */
export async function query<T extends pg.QueryResultRow = any>(pool: pg.Pool, text: string, values: unknown[] = []): Promise<T[]> {
  for (let attempt = 0; ; attempt++) {
    try {
      return (await pool.query<T>(text, values)).rows;
    } catch (error) {
      if (attempt >= 50 || !isUnavailable(error)) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function isUnavailable(error: unknown): boolean {
  const code = (error as { code?: string })?.code ?? '';
  return code === '57P01' || code === '57P03' || code.startsWith('08') || code === 'ECONNREFUSED' || code === 'ECONNRESET' || /terminat|Connection/i.test(String((error as Error)?.message));
}

/** The local cluster can be restarted only as root, with pg_ctlcluster, on a server on this machine. */
export async function localClusterControl(): Promise<{ version: string; cluster: string } | null> {
  if (process.getuid?.() !== 0) return null;
  const host = new URL(serverUrl()).hostname;
  if (host !== '127.0.0.1' && host !== 'localhost') return null;
  try {
    const { stdout } = await run('ls', ['/etc/postgresql']);
    const version = stdout.trim().split(/\s+/)[0];
    if (!version) return null;
    await run('which', ['pg_ctlcluster']);
    return { version, cluster: 'main' };
  } catch {
    return null;
  }
}

export async function restartCluster(control: { version: string; cluster: string }): Promise<number> {
  const started = Date.now();
  await run('pg_ctlcluster', ['--skip-systemctl-redirect', control.version, control.cluster, 'restart'], { timeout: 120_000 });
  return Date.now() - started;
}

/** Makes sure the shared server is up again after the scenario, starting it if a restart left it stopped. */
export async function ensureClusterUp(control: { version: string; cluster: string }): Promise<void> {
  try {
    await waitPgReady(30_000);
  } catch {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', control.version, control.cluster, 'start'], { timeout: 120_000 }).catch(() => undefined);
    await waitPgReady();
  }
}

/** Waits until `pg_isready` says the server accepts connections again. */
export async function waitPgReady(timeoutMs = 120_000): Promise<void> {
  const u = new URL(serverUrl());
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      await run('pg_isready', ['-h', u.hostname, '-p', u.port || '5432', '-t', '2']);
      return;
    } catch {
      if (Date.now() > end) throw new Error('PostgreSQL did not come back (pg_isready)');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
