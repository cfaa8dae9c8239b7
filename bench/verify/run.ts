/**
 * bench/verify — the integrity verification as the platform's background job (`POST /api/audit/verifications`: the
 * store's verify() with its progress written to `audit.integrity_verifications` at most once a second), beside the
 * same verify() called bare and a plain full read of the same log (readAll in batches of 5,000), in one run. By hand:
 *
 *   npm run bench:verify -- [--events 1000000] [--writers 4]
 *
 * Fills account streams (5 events each) through a plain SqlEventStore on DATABASE_URL's server (a fresh database is
 * created and dropped), default postgres://postgres@127.0.0.1:5432/test.
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { eventStoreMigrations, SqlEventStore } from '@peps/event-store';
import { IntegrityVerifications, migrateIntegrityVerifications, type IntegrityVerification } from '@peps/platform';
import { migrate, PgDatabase } from '@peps/sql';
import { appendAccounts } from '../support/generated-log.js';
import { freshServerDatabase } from '../support/server-database.js';
import { duration, fmt, fullRead, timed } from '../support/log-reading.js';
import { parseArgs } from '../support/bench-args.js';

const args = parseArgs(process.argv.slice(2));
const events = Number(args.events ?? 1_000_000);
const writers = Number(args.writers ?? 4);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FULL_SIZE = 5_000_000;



console.log(`bench/verify — ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`${fmt(events)} events (accounts of 5 events) on PostgreSQL\n`);

const server = await freshServerDatabase(serverUrl, `peps_bench_verify_${process.pid}`);
try {
  const db = new PgDatabase(server.url, { max: writers + 2 });
  try {
    await migrate(db, 'event-store', eventStoreMigrations);
    await migrateIntegrityVerifications(db);
    const store = new SqlEventStore(db);
    const employers = Array.from({ length: 50 }, () => randomUUID());
    const filled = await timed(() => appendAccounts(store, Math.ceil(events / 5), writers, (n) => employers[n % employers.length]!));
    console.log(`filled ${fmt(Math.ceil(events / 5) * 5)} events in ${duration(filled.seconds)}`);
    await db.exec('vacuum analyze es.events');

    const read = await timed(() => fullRead(store, 5_000));
    const bare = await timed(() => store.verify());
    const jobs = new IntegrityVerifications(db, store, null);
    let progressRows = 0;
    const job = await timed(async () => {
      const started = await jobs.start({ kind: 'operator', id: randomUUID(), identifier: 'BENCH', name: 'Bench' });
      let seen = -1;
      for (;;) {
        const now = (await jobs.find(started.id)) as IntegrityVerification;
        if (now.eventsChecked !== seen) (seen = now.eventsChecked), progressRows++;
        if (now.status !== 'running') return now;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    });
    if (!bare.value.ok || job.value.ok !== true || job.value.eventsChecked !== bare.value.eventsChecked) {
      throw new Error(`unexpected results: ${JSON.stringify({ bare: bare.value, job: job.value })}`);
    }
    const readRate = read.value / read.seconds;
    const bareRate = bare.value.eventsChecked / bare.seconds;
    const jobRate = job.value.eventsChecked / job.seconds;
    const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);
    line('plain full read of the log (readAll, baseline)', `${fmt(readRate)} events/s (${duration(read.seconds)})`);
    line('verify() called bare', `${fmt(bareRate)} events/s (${duration(bare.seconds)})`);
    line('verification job (count, verify, progress rows)', `${fmt(jobRate)} events/s (${duration(job.seconds)}, ${progressRows} progress values seen)`);
    line('  ratio job / full read', `${(jobRate / readRate).toFixed(3)}`);
    line(`extrapolated to ${fmt(FULL_SIZE)} events: the job`, duration(FULL_SIZE / jobRate));
  } finally {
    await db.close();
  }
} finally {
  await server.drop();
}
