import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ProjectionRunner, SqlReadStore } from '@peps/read-store';
import { SqlEventStore } from '@peps/event-store';
import { openDatabase } from '@peps/sql';
import { allProjections } from '@peps/projections';
import { PM_CONCURRENCY, type FaultCluster } from './cluster.js';
import { call } from './http.js';
import { acceptableValues, type Ledger } from './load.js';
import { query } from './postgres.js';
import { DIST, ROOT } from './processes.js';
import { sleep, until } from './random.js';

const run = promisify(execFile);

/** Everything the installation must show once it has caught up; each failure names the accounts concerned. */
export async function verifyNothingLost(cluster: FaultCluster, ledger: Ledger, options: { allowedDuplicateBatches: number; timeoutMs?: number }): Promise<string> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const created = ledger.created;
  const administrators = [...created.filter((a) => a.profile === 'administrator').map((a) => a.id), ...cluster.employers.map((e) => e.admin.id)];
  const pool = cluster.db.pool;

  // 1. Every 201 is an account, read from its stream, carrying every acknowledged change.
  const problems: string[] = [];
  for (const account of created) {
    const answer = await call(cluster.url, 'GET', `/api/accounts/${account.id}`, { token: account.employer.adminToken });
    if (answer.status !== 200) {
      problems.push(`${account.identifier} (${account.id}) answered 201 but GET gives ${answer.status}`);
      continue;
    }
    for (const field of new Set(account.changes.map((c) => c.field))) {
      const allowed = acceptableValues(account, field);
      if (!allowed) continue;
      const actual = field === 'phone' ? answer.body.phone : answer.body.rights?.[field.slice('rights.'.length)];
      if (!allowed.includes(actual)) problems.push(`${account.identifier}: ${field} is ${actual}, acknowledged ${allowed.join(' or ')}`);
    }
  }
  if (problems.length) throw new Error(`Acknowledged writes lost:\n${problems.slice(0, 20).join('\n')}`);

  // 2. The worker catches up: list read model, password mails, letters.
  const mailed = () => new Set(cluster.smtp.received.flatMap((m) => m.envelopeTo.map((t) => t.toLowerCase())));
  const listed = async () => new Set((await query<{ account_id: string }>(pool, 'select account_id from read.account_list')).map((r) => r.account_id));
  const lettered = async () => new Set((await query<{ account_id: string }>(pool, `select data->>'accountId' as account_id from es.events where type = 'letter.generated'`)).map((r) => r.account_id));
  let missing = '';
  await until(
    async () => {
      const inList = await listed();
      const mails = mailed();
      const letters = await lettered();
      const notListed = created.filter((a) => !inList.has(a.id));
      const notMailed = created.filter((a) => !mails.has(a.email));
      const noLetter = administrators.filter((id) => !letters.has(id));
      missing = `${notListed.length} not listed, ${notMailed.length} without mail (${notMailed.slice(0, 3).map((a) => a.email).join(', ')}), ${noLetter.length} administrators without letter`;
      return !notListed.length && !notMailed.length && !noLetter.length;
    },
    timeoutMs,
    () => `the worker to catch up: ${missing}\nworker:\n${cluster.worker.tail()}`,
    500,
  );

  // The list through the API too, page by page, for each employer.
  for (const employer of cluster.employers) {
    const ids = new Set<string>();
    for (let page = 1; ; page++) {
      const answer = await call(cluster.url, 'GET', `/api/accounts?pageSize=200&page=${page}`, { token: employer.adminToken });
      if (answer.status !== 200) throw new Error(`GET /api/accounts answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      for (const item of answer.body.items) ids.add(item.accountId ?? item.id);
      if (page * 200 >= answer.body.total) break;
    }
    const absent = created.filter((a) => a.employer === employer && !ids.has(a.id));
    if (absent.length) throw new Error(`Not in GET /api/accounts: ${absent.map((a) => a.identifier).join(', ')}`);
  }

  // Projections at the head of the log before comparing them with a rebuild.
  const sql = await openDatabase({ databaseUrl: cluster.db.url, dataDir: cluster.dataDir, applicationName: 'peps-faults' });
  try {
    const store = new SqlEventStore(sql);
    const runners = allProjections.map((p) => new ProjectionRunner(p, store, new SqlReadStore(sql)));
    await until(async () => (await Promise.all(runners.map((r) => r.lag()))).every((lag) => lag === 0), 60_000, () => 'the projections to reach the head of the log');
  } finally {
    await sql.close();
  }
  await sleep(2_000); // a mail still to come now would be a duplicate: let it arrive
  await cluster.platform.stop('SIGTERM');
  await cluster.worker.stop('SIGTERM');

  // 3. Mails: one per cause in the log; at the listener, duplicates only from in-flight batches, same Message-ID.
  const byRecipient = new Map<string, string[]>();
  for (const mail of cluster.smtp.received) {
    const to = mail.envelopeTo[0].toLowerCase();
    byRecipient.set(to, [...(byRecipient.get(to) ?? []), mail.parsed.messageId ?? '?']);
  }
  const mixed = [...byRecipient.entries()].filter(([, ids]) => new Set(ids).size > 1);
  if (mixed.length) throw new Error(`Mails sent twice with different Message-IDs: ${JSON.stringify(mixed.slice(0, 5))}`);
  const sent = await query<{ account_id: string; kind: string; n: string }>(pool, `select data->>'accountId' as account_id, data->>'kind' as kind, count(*)::text as n from es.events where type = 'notification.sent' group by 1, 2`);
  const invitations = new Map(sent.filter((r) => r.kind === 'password-invitation').map((r) => [r.account_id, Number(r.n)]));
  const wrongCount = created.filter((a) => invitations.get(a.id) !== 1);
  if (wrongCount.length) throw new Error(`notification.sent per invitation ≠ 1: ${wrongCount.slice(0, 5).map((a) => `${a.identifier}: ${invitations.get(a.id) ?? 0}`).join(', ')}`);
  const duplicates = cluster.smtp.received.length - byRecipient.size;
  const allowed = options.allowedDuplicateBatches * PM_CONCURRENCY;
  if (duplicates > allowed) throw new Error(`${duplicates} duplicate mails, more than ${options.allowedDuplicateBatches} in-flight batch(es) of ${PM_CONCURRENCY}`);

  // 4. Letters: exactly one per administrator, each with its PDF stored.
  const letters = await query<{ account_id: string; n: string }>(pool, `select data->>'accountId' as account_id, count(*)::text as n from es.events where type = 'letter.generated' group by 1`);
  const twice = letters.filter((l) => Number(l.n) !== 1);
  if (twice.length) throw new Error(`letter.generated more than once: ${JSON.stringify(twice)}`);
  const [pdfs] = await query<{ n: string }>(pool, `select count(*)::text as n from pm.letters`);
  if (Number(pdfs.n) !== letters.length) throw new Error(`${letters.length} letter.generated events but ${pdfs.n} PDFs in pm.letters`);

  // 5. Read models equal a rebuild from the log; the hash chains are intact.
  const before = await readModelDigests(cluster);
  await cli(cluster, 'projections:rebuild');
  const after = await readModelDigests(cluster);
  const differing = Object.keys(before).filter((table) => before[table] !== after[table]);
  if (differing.length) throw new Error(`Read models differ from a rebuild: ${differing.join(', ')}`);
  await cli(cluster, 'audit:verify');

  return (
    `${created.length} accounts acknowledged (${ledger.unknownCreations} creations unanswered, ` +
    `${created.filter((a) => a.profile === 'administrator').length} administrators), ${ledger.acknowledgedChanges} changes acknowledged; ` +
    `${cluster.smtp.received.length} mails to ${byRecipient.size} recipients (${duplicates} duplicate(s), allowed ${allowed}); ` +
    `${letters.length} letters; ${Object.keys(before).length} read tables equal a rebuild`
  );
}

/** md5 of every row of every read-model table (not the runners' bookkeeping), in a stable order. */
export async function readModelDigests(cluster: FaultCluster): Promise<Record<string, string>> {
  const tables = await query<{ table_name: string }>(
    cluster.db.pool,
    `select table_name from information_schema.tables where table_schema = 'read' and table_type = 'BASE TABLE' order by table_name`,
  );
  const digests: Record<string, string> = {};
  for (const { table_name } of tables) {
    if (/checkpoint|failure|migration/.test(table_name)) continue;
    const [row] = await query<{ digest: string }>(
      cluster.db.pool,
      `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from read."${table_name}" t`,
    );
    digests[table_name] = row.digest;
  }
  return digests;
}

/** One command of the built CLI on the cluster's database (the processes stopped first when it rewrites tables). */
export async function cli(cluster: FaultCluster, command: string): Promise<void> {
  try {
    await run(process.execPath, [join(DIST, 'apps/cli/src/main.js'), command], {
      cwd: ROOT,
      timeout: 120_000,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: cluster.db.url, PEPS_DATA_DIR: cluster.dataDir, PEPS_DEMO: '0' },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm run cli -- ${command} failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}
