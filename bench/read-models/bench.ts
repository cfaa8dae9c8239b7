/**
 * Read-model bench (run by hand, never in tests). See README.md.
 *   npm run build && npx swc bench -d dist --config-file .swcrc -q && node dist/bench/read-models/bench.js --accounts 20000
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, totalmem, platform, release } from 'node:os';
import { compareCheckpoints, SqlEventStore, START, type EventStore } from '@peps/event-store';
import { KeyVault, masterKeyOf, personalDataMigrations, SealingEventStore } from '@peps/personal-data';
import { personalFieldMap } from '@peps/runtime';
import { ProjectionRunner, ProjectionSet, SqlReadStore } from '@peps/read-store';
import { migrate, openDatabase, PgliteDatabase, type SqlDatabase } from '@peps/sql';
import { SqlAccountListReader } from '@peps/account-list';
import { allProjections } from '@peps/projections';
import { rightsMatrixCsv, SqlRightsMatrixReader } from '@peps/rights-matrix';
import { accountAppends, appendAccounts, employerAppend, names, pick } from '../support/generated-log.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const accounts = arg('accounts', 20_000);
const employers = arg('employers', Math.max(2, Math.round(accounts / 100)));
const bigEmployer = arg('big-employer', Math.min(5_000, Math.round(accounts / 4)));
const loadRate = arg('rate', 200);
const loadSeconds = arg('seconds', 10);
/** Only the figure the target is about (the five together): the full-size run would otherwise read the log seven times. */
const togetherOnly = process.argv.includes('--together-only');
/** Concurrent append calls while generating (each 200 accounts, one transaction). */
const writers = arg('writers', 4);
/** Keeps the log already in DATABASE_URL (a second rebuild on the same data): the first employer is the big one. */
const reuse = process.argv.includes('--reuse');
/** Personal values in clear, as before crypto-shredding: by default they are sealed, as the platform writes them. */
const clear = process.argv.includes('--clear');
/** With --reuse: only the lag under load, on read models an earlier run built (not right after a rebuild's writes). */
const lagOnly = reuse && process.argv.includes('--lag-only');
/** Events per transaction of each runner during the rebuilds. */
const rebuildBatch = arg('batch', 1000);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x: number) => `${x.toFixed(2)} ms`;

async function main() {
  const db: SqlDatabase = process.env.DATABASE_URL
    ? await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: '', applicationName: 'peps-bench' })
    : await PgliteDatabase.open();
  console.log(`Machine : ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(1)} Gio, ${platform()} ${release()}, Node ${process.version}`);
  console.log(`Base : ${db.kind}${process.env.DATABASE_URL ? ' (DATABASE_URL)' : ' (en mémoire)'} ; ${accounts} comptes, ${employers} employeurs, dont un de ${bigEmployer} comptes`);
  const plain = await SqlEventStore.open(db);
  await migrate(db, 'personal-data', personalDataMigrations);
  // As the platform: personal values sealed per person on append, opened on every read (rebuilds included).
  const store: EventStore = clear ? plain : new SealingEventStore(plain, new KeyVault(db, [masterKeyOf(randomBytes(32))]), personalFieldMap);
  console.log(clear ? 'Valeurs personnelles en clair (--clear)' : 'Valeurs personnelles scellées (une clé par personne), ouvertes à chaque lecture');
  const readStore = await SqlReadStore.open(db, allProjections);

  // 1. Generate through the event store, 200 accounts per append call (--reuse: keep the log of an earlier run).
  let employerIds: string[] = Array.from({ length: employers }, () => randomUUID());
  let t = Date.now();
  const existing = await plain.countAfter(START, 1);
  if (reuse && existing > 0) {
    const { rows } = await db.query<{ id: string }>(
      `select data->>'employerId' as id from es.events where type = 'employer.registered' order by position`,
    );
    employerIds = rows.map((r) => r.id);
    console.log('Journal repris tel quel (--reuse)');
  } else {
    for (const employerId of employerIds) await store.appendMany([employerAppend(employerId, new Date().toISOString())]);
    // One administrator in 20.
    await appendAccounts(store, accounts, writers, (n) => (n < bigEmployer ? employerIds[0] : pick(employerIds.slice(1))), 20);
  }
  const total = await plain.countAfter(START, Number.MAX_SAFE_INTEGER);
  console.log(`Génération : ${total} événements en ${((Date.now() - t) / 1000).toFixed(1)} s`);

  if (!lagOnly) {
    // 2. Baseline: reading the whole log, then rebuilding every projection together.
    t = Date.now();
    let read = 0;
    for (let after = START; ; ) {
      const events = await store.readAll({ after, limit: 1000 });
      if (!events.length) break;
      read += events.length;
      after = { transactionId: events[events.length - 1].transactionId, position: events[events.length - 1].position };
    }
    const readRate = read / ((Date.now() - t) / 1000);
    console.log(`Référence — lecture seule du journal${clear ? '' : ', valeurs ouvertes'} : ${Math.round(readRate)} évt/s`);
    if (!clear) {
      t = Date.now();
      for (let after = START; ; ) {
        const events = await plain.readAll({ after, limit: 1000 });
        if (!events.length) break;
        after = { transactionId: events[events.length - 1].transactionId, position: events[events.length - 1].position };
      }
      const sealedRate = read / ((Date.now() - t) / 1000);
      console.log(`  la même lecture sans ouvrir les valeurs : ${Math.round(sealedRate)} évt/s (ouvrir coûte ${(sealedRate / readRate).toFixed(2)} × ; cible de reconstruction avec ouverture ≥ 15 000 évt/s)`);
    }
    const rebuilt = (label: string, seconds: number) =>
      console.log(`${label} : ${Math.round(total / seconds)} évt/s du journal (${Math.round((total * allProjections.length) / seconds)} applications/s), ${seconds.toFixed(1)} s — cible ≥ 20 000 évt/s ; ${((total / seconds) / readRate).toFixed(2)} × la lecture seule`);
    // a. As `npm run cli -- projections:rebuild` does, one projection after the other, each reading the log.
    for (const p of togetherOnly ? [] : allProjections) {
      t = Date.now();
      await new ProjectionRunner(p, store, readStore, { batchSize: rebuildBatch }).rebuild();
      const seconds = (Date.now() - t) / 1000;
      console.log(`  seule, ${p.name} : ${Math.round(total / seconds)} évt/s (${((total / seconds) / readRate).toFixed(2)} × la lecture seule)`);
    }
    // b. Five runners side by side, each reading the log on its own.
    if (!togetherOnly) {
      t = Date.now();
      await Promise.all(allProjections.map((p) => new ProjectionRunner(p, store, readStore, { batchSize: rebuildBatch }).rebuild()));
      rebuilt(`Reconstruction des ${allProjections.length} projections en parallèle, chacune lisant le journal`, (Date.now() - t) / 1000);
    }
    // c. The five together on one read of the log (ProjectionSet.rebuild): the figure the target is about.
    t = Date.now();
    await ProjectionRunner.rebuildTogether(allProjections.map((p) => new ProjectionRunner(p, store, readStore, { batchSize: rebuildBatch })));
    rebuilt(`Reconstruction des ${allProjections.length} projections ensemble, une seule lecture du journal`, (Date.now() - t) / 1000);

    // 3. Account list: search + sort + page of 50 within the big employer.
    const samples: number[] = [];
    for (let i = 0; i < 300; i++) {
      const s = Date.now();
      const q = process.hrtime.bigint();
      await new SqlAccountListReader(db).list({ employerId: employerIds[0], search: pick(names).slice(0, 4).toLowerCase(), sort: 'name', page: 1 + (i % 3), pageSize: 50 });
      samples.push(Number(process.hrtime.bigint() - q) / 1e6 || Date.now() - s);
    }
    console.log(`Liste des comptes (recherche + tri + page de 50, employeur de ${bigEmployer}) : p50 ${ms(quantile(samples, 0.5))}, p95 ${ms(quantile(samples, 0.95))}, p99 ${ms(quantile(samples, 0.99))} — cible p95 ≤ 10 ms`);

    // 4. Rights matrix CSV of the big employer.
    const c = process.hrtime.bigint();
    const csv = rightsMatrixCsv(await new SqlRightsMatrixReader(db).rows(employerIds[0]));
    console.log(`Matrice des droits en CSV (${csv.split('\r\n').length - 2} comptes, ${(csv.length / 1024).toFixed(0)} Kio) : ${ms(Number(process.hrtime.bigint() - c) / 1e6)} — cible ≤ 1 s`);
  }

  // 5. Lag from append to visible in every projection, under a steady write load.
  const set = new ProjectionSet(readStore, store, allProjections);
  await set.start();
  // One poller for all pending appends, so measuring does not load the database more than the projections do.
  const pending: { checkpoint: { transactionId: bigint; position: bigint }; at: number }[] = [];
  const measured: number[] = [];
  let loading = true;
  const poller = (async () => {
    while (loading || pending.length) {
      const reached = await readStore.checkpoints();
      const slowest = reached.reduce((min, c) => (compareCheckpoints(c.checkpoint, min) < 0 ? c.checkpoint : min), reached[0].checkpoint);
      while (pending.length && compareCheckpoints(slowest, pending[0].checkpoint) >= 0) measured.push(Date.now() - pending.shift()!.at);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  const end = Date.now() + loadSeconds * 1000;
  let n = accounts;
  while (Date.now() < end) {
    const tick = Date.now();
    const written = await store.appendMany([accountAppends(pick(employerIds), n++, new Date().toISOString(), 20)]);
    pending.push({ checkpoint: written.checkpoint, at: Date.now() });
    await new Promise((r) => setTimeout(r, Math.max(0, 1000 / loadRate - (Date.now() - tick))));
  }
  loading = false;
  await poller;
  await set.stop();
  console.log(`Retard ajout → visible (${measured.length} ajouts de 5 événements à ~${loadRate}/s sur ${loadSeconds} s) : p50 ${ms(quantile(measured, 0.5))}, p99 ${ms(quantile(measured, 0.99))} — cible p99 ≤ 100 ms`);
  await db.close();
}

await main();
