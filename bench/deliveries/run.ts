/**
 * bench/deliveries — `GET /api/drs/deliveries` at scale (issue 20): `listDeliveries` on a `pm.effects` table of a
 * million effects, beside a primary-key lookup of one effect on the same table and a `select 1` round trip measured
 * in the same run. Run by hand:
 *
 *   npm run bench:deliveries -- [--effects 1000000] [--calls 20] [--limit 200] [--before]
 *
 * Fills pm.effects with one `insert … select generate_series` on DATABASE_URL's server (a fresh database is created
 * and dropped), default postgres://postgres@127.0.0.1:5432/test: 60 % mails, 10 % letters, the rest deadlines and
 * erasures; mostly done or pending, 0.3 % given up (failed), 0.2 % waiting after an error (retrying), 2 % skipped.
 * `--before` also times the same calls without pm migration 3's indexes (dropped in the scratch database: the code
 * path before the fix) and checks that both return the same deliveries in the same order.
 */
import { isDeepStrictEqual } from 'node:util';
import { cpus, totalmem } from 'node:os';
import { listDeliveries, migrateProcessManagers, type DeliveryStatus } from '@peps/process-managers';
import { PgDatabase } from '@peps/sql';
import { freshServerDatabase } from '../support/server-database.js';
import { parseArgs } from '../support/bench-args.js';

const args = parseArgs(process.argv.slice(2));
const effects = Number(args.effects ?? 1_000_000);
const calls = Number(args.calls ?? 20);
const limit = Number(args.limit ?? 200);
const before = args.before !== undefined;
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TARGET_MS = 100;


/** One statement: effect i created 5 s after effect i − 1, its manager and status from i (reproducible). */
const FILL = `
insert into pm.effects (effect_id, manager, kind, cause_event_id, cause_type, cause_stream, cause_occurred_at, cause_correlation_id,
                        payload, status, attempts, next_attempt_at, last_error, created_at, finished_at)
select gen_random_uuid(), g.manager, g.kind, gen_random_uuid(), 'account.created', 'account-' || g.i, g.at, 'correlation-' || g.i,
       jsonb_build_object('accountId', 'a' || g.i, 'email', 'holder' || g.i || '@example.fr'),
       g.status, g.attempts, g.at + interval '1 minute', g.last_error, g.at,
       case when g.status <> 'pending' then g.at + interval '1 minute' end
  from (select i, now() - ($1::int - i) * interval '5 seconds' as at,
               (array['mail', 'mail', 'mail', 'mail', 'mail', 'mail', 'letters', 'deadlines', 'deadlines', 'erasure'])[i % 10 + 1] as manager,
               (array['password-invitation', 'password-invitation', 'password-invitation', 'password-invitation', 'password-invitation',
                      'password-invitation', 'legal-representative-letter', 'invitation-expiry', 'invitation-expiry', 'personal-data-erasure'])[i % 10 + 1] as kind,
               case when i % 997 < 3 then 'failed' when i % 997 < 300 then 'pending' when i % 997 < 320 then 'skipped' else 'done' end as status,
               case when i % 997 < 3 then 5 when i % 997 < 5 then 2 else 0 end as attempts,
               case when i % 997 < 5 then '451 4.2.2 Boîte pleine' end as last_error
          from generate_series(1, $1::int) i) g`;

const MIGRATION_3_INDEXES = ['effects_deliveries', 'effects_deliveries_troubled'];
const CASES: { label: string; status?: DeliveryStatus }[] = [
  { label: 'status=failed', status: 'failed' },
  { label: 'status=retrying', status: 'retrying' },
  { label: 'no status (every mail and letter)' },
];

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Median and p95 of `calls` calls, after two not counted (connection, plan cache). */
async function sample(work: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < 2; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < calls; i++) times.push((await timed(work)).ms);
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`;
const line = (label: string, value: string) => console.log(`${label.padEnd(52)} ${value}`);

console.log(`bench/deliveries — ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
console.log(`${fmt(effects)} effects in pm.effects, listDeliveries limit ${limit}, median and p95 of ${calls} calls, target ≤ ${TARGET_MS} ms\n`);

const server = await freshServerDatabase(serverUrl, `peps_bench_deliveries_${process.pid}`);
try {
  const db = new PgDatabase(server.url, { max: 2 });
  try {
    await migrateProcessManagers(db);
    const filled = await timed(() => db.query(FILL, [effects]));
    // A settled table, as the DRS meets it (hint bits set, statistics known).
    await db.exec('vacuum analyze pm.effects');
    const { rows: counts } = await db.query<{ failed: string; retrying: string; deliveries: string }>(
      `select count(*) filter (where status = 'failed' and manager in ('mail', 'letters')) as failed,
              count(*) filter (where status = 'pending' and attempts > 0 and manager in ('mail', 'letters')) as retrying,
              count(*) filter (where manager in ('mail', 'letters')) as deliveries
         from pm.effects`,
    );
    console.log(
      `filled in ${(filled.ms / 1000).toFixed(1)} s: ${fmt(Number(counts[0]!.deliveries))} mails and letters, ` +
        `${fmt(Number(counts[0]!.failed))} failed, ${fmt(Number(counts[0]!.retrying))} retrying\n`,
    );
    const { rows: ids } = await db.query<{ effect_id: string }>(`select effect_id::text as effect_id from pm.effects order by random() limit ${calls + 2}`);
    let next = 0;
    const selectOne = await sample(() => db.query('select 1'));
    const byKey = await sample(() =>
      db.query(
        `select effect_id::text as effect_id, manager, kind, status, attempts, last_error, next_attempt_at, recipient, payload, cause_type,
                cause_event_id::text as cause_event_id, created_at, finished_at from pm.effects where effect_id = $1`,
        [ids[next++ % ids.length]!.effect_id],
      ),
    );
    line('baseline: select 1 round trip', `median ${ms(selectOne.median)}, p95 ${ms(selectOne.p95)}`);
    line('baseline: one effect by primary key', `median ${ms(byKey.median)}, p95 ${ms(byKey.p95)}`);

    const run = async (title: string) => {
      console.log(`\n${title}`);
      const results = [];
      for (const c of CASES) {
        const filter = { ...(c.status ? { status: c.status } : {}), limit };
        const { median, p95 } = await sample(() => listDeliveries(db, filter));
        const verdict = p95 <= TARGET_MS ? 'within target' : `over target (${(p95 / TARGET_MS).toFixed(1)}× ${TARGET_MS} ms)`;
        line(
          `  listDeliveries ${c.label}`,
          `median ${ms(median)}, p95 ${ms(p95)} — ${(median / byKey.median).toFixed(1)}× the key lookup, ${verdict}`,
        );
        results.push(await listDeliveries(db, filter));
      }
      return results;
    };
    const withIndexes = await run('with pm migration 3 (effects_deliveries, effects_deliveries_troubled):');
    if (before) {
      await db.exec(MIGRATION_3_INDEXES.map((name) => `drop index pm.${name}`).join('; '));
      const without = await run('without them (before the fix: the whole table read and sorted):');
      line('\nsame deliveries, same order', isDeepStrictEqual(withIndexes, without) ? 'yes' : 'NO — the indexes change the result');
    }
  } finally {
    await db.close();
  }
} finally {
  await server.drop();
}
