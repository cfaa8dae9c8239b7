/**
 * bench/seal-log — the cost of `personal-data:seal-log` on a log written in clear, against a plain full read of the
 * same log (the store's readAll, in batches of the same size) measured in the same run. Run by hand:
 *
 *   npm run bench:seal-log -- [--events 200000] [--batch 1000] [--concurrency 8] [--writers 4]   (--events 5000000: the full size)
 *
 * Fills account streams as the write side leaves them (created with contact details, invited, password, rights,
 * signed in from a source address, by the account itself), through a plain SqlEventStore (valid chains, every value
 * in clear), on DATABASE_URL's server (a fresh database is created and dropped), default
 * postgres://postgres@127.0.0.1:5432/test. The migration starts with no key at all, as after the upgrade: it creates
 * each person's key and each author's month key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { eventStoreMigrations, SqlEventStore, type StreamAppend } from '@peps/event-store';
import { KeyVault, masterKeyOf, personalDataMigrations, sealLog } from '@peps/personal-data';
import { personalFieldMap } from '@peps/runtime';
import { migrate, PgDatabase } from '@peps/sql';
import { accountAppends } from '../support/generated-log.js';
import { freshServerDatabase } from '../support/server-database.js';
import { duration, fmt, fullRead, timed } from '../support/log-reading.js';
import { parseArgs } from '../support/bench-args.js';

const args = parseArgs(process.argv.slice(2));
const events = Number(args.events ?? 200_000);
const batch = Number(args.batch ?? 1_000);
const writers = Number(args.writers ?? 4);
const concurrency = Number(args.concurrency ?? 8);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const FULL_SIZE = 5_000_000;


/** An account's five events, the sign-in from a source address by the account itself (what the migration seals there). */
function account(employerId: string, n: number, at: string): StreamAppend {
  const append = accountAppends(employerId, n, at);
  const accountId = append.stream.slice('account-'.length);
  const last = append.events.length - 1;
  const signedIn = { ...append.events[last]!, metadata: { ...append.events[last]!.metadata, actor: accountId, sourceAddress: `203.0.113.${n % 250}` } };
  return { ...append, events: [...append.events.slice(0, last), signedIn] };
}

async function fill(store: SqlEventStore, total: number): Promise<number> {
  const accounts = Math.ceil(total / 5);
  const employers = Array.from({ length: 50 }, () => randomUUID());
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let n = next; n < accounts; n = next) {
        next += 200;
        const at = new Date().toISOString();
        await store.appendMany(Array.from({ length: Math.min(200, accounts - n) }, (_, i) => account(employers[(n + i) % employers.length]!, n + i, at)));
        if (n > 0 && n % 100_000 === 0) process.stderr.write(`  filled: ${fmt(n * 5)} events\n`);
      }
    }),
  );
  return accounts * 5;
}


console.log(`bench/seal-log — ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`${fmt(events)} events in clear (accounts of 5 events), batches of ${fmt(batch)} events, ${concurrency} streams sealed at a time\n`);

const server = await freshServerDatabase(serverUrl, `peps_bench_seal_log_${process.pid}`);
try {
  const db = new PgDatabase(server.url, { max: Math.max(writers, concurrency) + 1 });
  try {
    await migrate(db, 'event-store', eventStoreMigrations);
    await migrate(db, 'personal-data', personalDataMigrations);
    const store = new SqlEventStore(db);
    const filled = await timed(() => fill(store, events));
    console.log(`filled ${fmt(filled.value)} events in ${duration(filled.seconds)}`);
    // A settled log, as the migration meets it in production (hint bits set, statistics known).
    await db.exec('vacuum analyze es.events');
    const baseline = await timed(() => fullRead(store, batch));
    const vault = new KeyVault(db, [masterKeyOf(randomBytes(32))]);
    const sealed = await timed(() => sealLog(db, store, vault, personalFieldMap, { batchSize: batch, concurrency }));
    const verified = await timed(() => store.verify());
    if (!verified.value.ok) throw new Error(`verify failed after the migration: ${JSON.stringify(verified.value.firstBroken)}`);
    const { value: result } = sealed;
    const readRate = baseline.value / baseline.seconds;
    const sealRate = result.eventsRead / sealed.seconds;
    const verifyRate = verified.value.eventsChecked / verified.seconds;
    const line = (label: string, value: string) => console.log(`${label.padEnd(58)} ${value}`);
    line('plain full read of the log (readAll, baseline)', `${fmt(readRate)} events/s (${duration(baseline.seconds)})`);
    line('personal-data:seal-log migration', `${fmt(sealRate)} events/s (${duration(sealed.seconds)})`);
    line('  events rewritten / streams re-chained', `${fmt(result.eventsChanged)} / ${fmt(result.streamsChanged)}`);
    line('  ratio migration / full read', `${(sealRate / readRate).toFixed(3)} (the migration takes ${(readRate / sealRate).toFixed(1)}× a full read)`);
    line('verify() afterwards (the command runs it)', `${fmt(verifyRate)} events/s (${duration(verified.seconds)})`);
    line(`extrapolated to ${fmt(FULL_SIZE)} events: migration + verify`, `${duration(FULL_SIZE / sealRate)} + ${duration(FULL_SIZE / verifyRate)}`);
  } finally {
    await db.close();
  }
} finally {
  await server.drop();
}
