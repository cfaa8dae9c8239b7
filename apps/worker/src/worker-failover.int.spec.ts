import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { SqlEventStore } from '@peps/event-store';
import { PgDatabase, quoteIdentifier } from '@peps/sql';
import { withDatabase } from '@peps/sql/testing';
import { Scenario } from '@peps/testing';
import { buildPrivateDist, ROOT } from '@peps/testing';

const serverUrl = process.env.DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Digest of every read-model table (schema `read`, bookkeeping tables aside), row order independent. */
async function readModelDigest(db: PgDatabase): Promise<Record<string, string>> {
  const { rows: tables } = await db.query<{ table_name: string }>(
    `select table_name from information_schema.tables where table_schema = 'read'
       and table_name not in ('checkpoints', 'projection_failures') order by table_name`,
  );
  const digest: Record<string, string> = {};
  for (const { table_name } of tables) {
    const { rows } = await db.query<{ d: string | null; n: string }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as d, count(*)::text as n from read.${quoteIdentifier(table_name)} t`,
    );
    digest[table_name] = `${rows[0].n}:${rows[0].d}`;
  }
  return digest;
}

/** Checkpoints of all projections have reached the log's head. */
async function caughtUp(db: PgDatabase, store: SqlEventStore): Promise<boolean> {
  const head = await store.committedHead();
  const { rows } = await db.query<{ n: string }>(
    `select count(*)::text as n from read.checkpoints where (transaction_id::text::numeric, position) >= ($1::numeric, $2::bigint)`,
    [head.transactionId.toString(), head.position.toString()],
  );
  const { rows: total } = await db.query<{ n: string }>('select count(*)::text as n from read.checkpoints');
  return Number(total[0].n) >= 5 && rows[0].n === total[0].n;
}

if (!serverUrl) {
  describe('two workers on PostgreSQL', () => {
    it('needs DATABASE_URL (a PostgreSQL server): not run here', () => {
      console.log('Worker failover suite skipped: DATABASE_URL is not set');
    });
  });
} else {
  /**
   * Two workers share one PostgreSQL database: one holds each projection's lease, the other stands by. The active
   * one is killed (SIGKILL, so its leases go with its connections); the other must take over within 10 s, and the
   * read models must equal a rebuild from zero (nothing skipped, nothing applied twice).
   */
  describe('two workers on PostgreSQL', () => {
    const name = `peps_failover_${process.pid}`;
    const url = withDatabase(serverUrl, name);
    let dist: string;
    const workers: ChildProcess[] = [];
    let output = '';

    beforeAll(async () => {
      dist = buildPrivateDist();
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      await admin.query(`create database ${quoteIdentifier(name)}`);
      await admin.end();
    }, 200_000);

    afterAll(async () => {
      for (const w of workers) w.kill('SIGKILL');
      rmSync(dist, { recursive: true, force: true });
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${quoteIdentifier(name)} with (force)`);
      await admin.end();
    });

    function startWorker(label: string): ChildProcess {
      const child = spawn(process.execPath, [join(dist, 'apps/worker/src/main.js')], {
        cwd: ROOT,
        env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url, PEPS_DEMO: '0', PEPS_DATA_DIR: join(dist, `var-${label}`) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (c: Buffer) => (output += `[${label}] ${c}`));
      child.stderr!.on('data', (c: Buffer) => (output += `[${label}] ${c}`));
      workers.push(child);
      return child;
    }

    /** Pid of the worker whose connections hold the projection leases (application_name names the lease). */
    async function leaseHolders(db: PgDatabase): Promise<number> {
      const { rows } = await db.query<{ n: string }>(
        `select count(*)::text as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
          where l.locktype = 'advisory' and l.granted and a.application_name like 'peps-lease:projection:%' and a.datname = $1`,
        [name],
      );
      return Number(rows[0].n);
    }

    it('fails over within 10 s with nothing skipped or applied twice', async () => {
      const first = startWorker('A');
      const db = new PgDatabase(url, { max: 4 });
      try {
        // Worker A migrates and takes every projection lease before B starts, so B is the standby.
        const deadline = Date.now() + 60_000;
        while ((await leaseHolders(db).catch(() => 0)) < 5) {
          if (Date.now() > deadline) throw new Error(`worker A never took the leases: ${output.slice(-2000)}`);
          await sleep(200);
        }
        startWorker('B');
        const store = new SqlEventStore(db);
        const scenario = new Scenario(store);
        const employer = await scenario.registerEmployer();
        for (let i = 0; i < 150; i++) await scenario.createAccount({ employerId: employer, lastName: `Agent${i}`, firstName: 'Marie' });
        while (!(await caughtUp(db, store))) await sleep(100);
        expect(await leaseHolders(db)).toBe(5);

        // Kill the active worker while events keep arriving.
        const writing = (async () => {
          for (let i = 150; i < 300; i++) await scenario.createAccount({ employerId: employer, lastName: `Agent${i}`, firstName: 'Paul' });
        })();
        await sleep(300);
        first.kill('SIGKILL');
        const killedAt = Date.now();
        await new Promise((r) => first.once('exit', r));
        await writing;
        while ((await leaseHolders(db)) < 5) {
          if (Date.now() - killedAt > 10_000) throw new Error(`no takeover within 10 s: ${output.slice(-2000)}`);
          await sleep(100);
        }
        const takeoverMs = Date.now() - killedAt;
        while (!(await caughtUp(db, store))) {
          if (Date.now() - killedAt > 30_000) throw new Error(`the standby did not catch up: ${output.slice(-2000)}`);
          await sleep(100);
        }
        console.log(`worker failover: standby took every projection lease ${takeoverMs} ms after the kill`);
        expect(takeoverMs).toBeLessThan(10_000);

        // The process managers append events of their own (notification.sent...): let everything settle, stop the
        // survivor, then the live rows must equal a rebuild from zero by the CLI.
        for (let quiet = 0; quiet < 3; ) {
          if (Date.now() - killedAt > 90_000) throw new Error(`the workers never settled: ${output.slice(-2000)}`);
          const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from pm.effects where status = 'pending'`);
          quiet = rows[0].n === '0' && (await caughtUp(db, store)) ? quiet + 1 : 0;
          await sleep(300);
        }
        for (const w of workers) w.kill('SIGTERM');
        await Promise.all(workers.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : null)));
        expect(await caughtUp(db, store)).toBe(true);
        const live = await readModelDigest(db);
        expect(live.account_list).toMatch(/^300:/);
        execFileSync(process.execPath, [join(dist, 'apps/cli/src/main.js'), 'projections:rebuild'], {
          cwd: ROOT,
          env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url, PEPS_DEMO: '0' },
          stdio: 'pipe',
          timeout: 120_000,
        });
        expect(await readModelDigest(db)).toEqual(live);
      } finally {
        await db.close();
      }
    }, 180_000);
  });
}
