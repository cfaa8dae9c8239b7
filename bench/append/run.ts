/**
 * bench/append — the event store's append rate against raw single-row INSERTs of the same columns through the
 * same driver, in the same run; then catch-up read speed over a large log. Run by hand:
 *
 *   npm run bench:append -- [--rounds 5] [--seconds 3] [--connections 8] [--read-events 1000000] [--pglite-read-events 200000]
 *
 * Uses DATABASE_URL's server (a fresh database is created and dropped), default postgres://postgres@127.0.0.1:5432/test.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { SqlEventStore, type EventStore, type NewEvent } from '@peps/event-store';
import { eventStoreMigrations } from '@peps/event-store';
import { KeyVault, masterKeyOf, personalDataMigrations, SealingEventStore } from '@peps/personal-data';
import { personalFieldMap } from '@peps/runtime';
import { migrate, PgDatabase, PgliteDatabase, type SqlDatabase } from '@peps/sql';
import { benchEvent, createRawTable, insertRaw, rate } from '../support/raw-events.js';
import { freshServerDatabase } from '../support/server-database.js';
import { parseArgs } from '../support/bench-args.js';

const args = parseArgs(process.argv.slice(2));
const seconds = Number(args.seconds ?? 3);
const rounds = Number(args.rounds ?? 5);
const connections = Number(args.connections ?? 8);
const readEvents = Number(args['read-events'] ?? 1_000_000);
const pgliteReadEvents = Number(args['pglite-read-events'] ?? 200_000);
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';


async function rawInsertRate(db: SqlDatabase, workers: number, event: (i: number) => NewEvent = benchEvent): Promise<number> {
  await createRawTable(db, 'raw_events');
  return rate(workers, seconds, (w, i) => insertRaw(db, 'raw_events', `raw-${w}-${i}`, event(i)));
}

async function appendRate(store: EventStore, workers: number, event: (i: number) => NewEvent = benchEvent): Promise<number> {
  const run = randomUUID().slice(0, 8);
  return rate(workers, seconds, async (w, i) => {
    await store.append(`bench-${run}.${w}.${i}`, [event(i)], { expectedVersion: 'no-stream' });
  });
}

/**
 * The sealing store's work on a typical personal event: a contact change of one of 1,000 people (their keys made
 * beforehand, as after their account's creation), four values sealed, and the source address sealed under its
 * author's month key.
 */
const people = Array.from({ length: 1_000 }, () => randomUUID());
function personalEvent(i: number): NewEvent {
  const person = people[i % people.length]!;
  return {
    id: randomUUID(),
    type: 'account.contact-details-changed',
    schemaVersion: 1,
    data: { accountId: person, changes: { lastName: { from: 'Louty', to: 'Louty-Martin' }, email: { from: 'jean.louty@chu-nantes.fr', to: 'jean.louty-martin@chu-nantes.fr' } }, changedBy: { kind: 'system' }, changedAt: new Date().toISOString() },
    metadata: { actor: person, correlationId: randomUUID(), occurredAt: new Date().toISOString(), sourceAddress: '203.0.113.7' },
  };
}

async function sealingStore(db: SqlDatabase, store: SqlEventStore): Promise<EventStore> {
  await migrate(db, 'personal-data', personalDataMigrations);
  const sealing = new SealingEventStore(store, new KeyVault(db, [masterKeyOf(randomBytes(32))]), personalFieldMap);
  // Warm: every person's key and month key exist and are in memory, as in a running platform.
  for (let i = 0; i < people.length; i++) await sealing.append(`warm-${people[i]}`, [personalEvent(i)], { expectedVersion: 'no-stream' });
  return sealing;
}

/** Fills the log quickly with SQL (hashes are not the point here), then reads it all through readAll batches. */
async function catchUpRate(db: SqlDatabase, store: SqlEventStore, total: number): Promise<number> {
  const chunk = 100_000;
  for (let done = 0; done < total; done += chunk) {
    const n = Math.min(chunk, total - done);
    await db.query(
      `insert into es.events (event_id, stream_name, stream_category, stream_version, type, schema_version, data, metadata, occurred_at, hash)
       select gen_random_uuid(), 'fill-' || ($1::int + g), 'fill', 1, 'bench.filled', 1,
              jsonb_build_object('i', g, 'name', 'Jean Louty', 'email', 'jean.louty@chu-nantes.fr'),
              jsonb_build_object('actor', 'bench', 'correlationId', gen_random_uuid(), 'occurredAt', now()), now(), repeat('x', 64)
       from generate_series(1, $2::int) g`,
      [done, n],
    );
  }
  // A settled log, as a reader meets it in production (autovacuum has set hint bits and statistics); the first
  // read of freshly bulk-inserted rows otherwise pays for writing hint bits.
  await db.exec('vacuum analyze es.events');
  const started = Date.now();
  let read = 0;
  let after;
  for (;;) {
    const batch = await store.readAll({ after, limit: 5_000, categories: ['fill'] });
    if (!batch.length) break;
    read += batch.length;
    const last = batch[batch.length - 1];
    after = { transactionId: last.transactionId, position: last.position };
  }
  return read / ((Date.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function line(label: string, value: number, unit: string) {
  console.log(`${label.padEnd(64)} ${Math.round(value).toLocaleString('en-US').padStart(10)} ${unit}`);
}

console.log(`bench/append — ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`${connections} concurrent connections, ${rounds} interleaved rounds of ${seconds} s per measurement\n`);

const server = await freshServerDatabase(serverUrl, `peps_bench_${process.pid}`);
try {
  const db = new PgDatabase(server.url, { max: connections });
  await migrate(db, 'event-store', eventStoreMigrations);
  const store = new SqlEventStore(db);
  const sealing = await sealingStore(db, store);
  await rawInsertRate(db, connections); // warm-up, discarded
  // The machine is shared: interleave short rounds of all three and compare medians, so a burst of outside load
  // hits every side alike.
  const raws: number[] = [];
  const appends: number[] = [];
  const rawPersonals: number[] = [];
  const sealedAppends: number[] = [];
  for (let round = 0; round < rounds; round++) {
    raws.push(await rawInsertRate(db, connections));
    appends.push(await appendRate(store, connections));
    rawPersonals.push(await rawInsertRate(db, connections, personalEvent));
    sealedAppends.push(await appendRate(sealing, connections, personalEvent));
  }
  const raw = median(raws);
  const appended = median(appends);
  const rawPersonal = median(rawPersonals);
  const sealed = median(sealedAppends);
  console.log('PostgreSQL server');
  line('  raw single-row INSERT (baseline), median', raw, 'rows/s');
  line('  event store append, one event to a new stream, median', appended, 'events/s');
  console.log(`  ratio append / raw: ${(appended / raw).toFixed(2)} (target >= 0.60); per round: ${appends.map((a, i) => (a / raws[i]).toFixed(2)).join(' ')}`);
  line('  raw single-row INSERT of a contact change in clear (baseline)', rawPersonal, 'rows/s');
  line('  sealing store append, the same change (5 values sealed)', sealed, 'events/s');
  console.log(`  ratio sealed append / raw: ${(sealed / rawPersonal).toFixed(2)} (target >= 0.55); per round: ${sealedAppends.map((a, i) => (a / rawPersonals[i]).toFixed(2)).join(' ')}`);
  const catchUp = await catchUpRate(db, store, readEvents);
  line(`  catch-up read over ${readEvents.toLocaleString('en-US')} events`, catchUp, 'events/s (target >= 50,000)');
  await db.close();
} finally {
  await server.drop();
}

const lite = await PgliteDatabase.open();
await migrate(lite, 'event-store', eventStoreMigrations);
const liteStore = new SqlEventStore(lite);
const liteSealing = await sealingStore(lite, liteStore);
const liteRaw = await rawInsertRate(lite, 1);
const liteAppend = await appendRate(liteStore, 1);
const liteRawPersonal = await rawInsertRate(lite, 1, personalEvent);
const liteSealed = await appendRate(liteSealing, 1, personalEvent);
console.log('\nPGlite (embedded, one session)');
line('  raw single-row INSERT (baseline)', liteRaw, 'rows/s');
line('  event store append, one event to a new stream', liteAppend, 'events/s');
console.log(`  ratio append / raw: ${(liteAppend / liteRaw).toFixed(2)}`);
line('  raw single-row INSERT of a contact change in clear (baseline)', liteRawPersonal, 'rows/s');
line('  sealing store append, the same change (5 values sealed)', liteSealed, 'events/s');
console.log(`  ratio sealed append / raw: ${(liteSealed / liteRawPersonal).toFixed(2)}`);
line(`  catch-up read over ${pgliteReadEvents.toLocaleString('en-US')} events`, await catchUpRate(lite, liteStore, pgliteReadEvents), 'events/s');
await lite.close();
