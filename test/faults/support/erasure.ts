import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listOutbox, outboxFolder, readOutboxMail } from '@peps/notifications';
import { ADDRESS, type Employer, type FaultCluster } from './cluster.js';
import { call } from './http.js';
import { query } from './postgres.js';
import { until, type Random } from './random.js';

/** A closed account whose values nobody else on the installation has: any trace of them after the erasure is a leak. */
export interface Person {
  id: string;
  identifier: string;
  profile: 'administrator' | 'user';
  email: string;
  employer: Employer;
  distinctive: string[];
}

const letters = (random: Random, n: number) => Array.from({ length: n }, () => String.fromCharCode(97 + random.int(0, 25))).join('');
const capitalised = (word: string) => word[0].toUpperCase() + word.slice(1);

/**
 * `count` accounts of `employer` with distinctive names, address and phone (every other one an administrator, whose
 * letter names them too), each deleted once its mails (and letter) are written: closed accounts ready for erasure.
 */
export async function closedPeople(cluster: FaultCluster, employer: Employer, random: Random, count: number): Promise<Person[]> {
  const people: Person[] = [];
  for (let i = 0; i < count; i++) {
    const lastName = `Zorgl${letters(random, 6)}`;
    const firstName = capitalised(`eul${letters(random, 6)}`);
    const street = `RUE DES ${letters(random, 8).toUpperCase()}`;
    const email = `${firstName}.${lastName}.${i}@chu-effacement.fr`.toLowerCase();
    const digits = String(random.int(10_000_000, 99_999_999));
    const profile = i % 2 === 0 ? 'administrator' : 'user';
    const body = {
      profile,
      civility: 'madame',
      lastName,
      firstName,
      email,
      emailConfirmation: email,
      phone: `06${digits}`,
      ...(profile === 'administrator' ? { professionalAddress: [`17 ${street}`, ADDRESS[1], ADDRESS[2]] } : {}),
    };
    const created = await call(cluster.url, 'POST', '/api/accounts', { token: employer.adminToken, body });
    if (created.status !== 201) throw new Error(`creation answered ${created.status}: ${JSON.stringify(created.body)}`);
    // The phone also as the SMS destination and inside the international form (+336…).
    const distinctive = [lastName, firstName, email, `06${digits}`, `6${digits}`, ...(profile === 'administrator' ? [street] : [])];
    people.push({ id: created.body.id, identifier: created.body.identifier, profile, email, employer, distinctive });
  }
  const folder = outboxFolder(cluster.dataDir);
  await until(
    async () => {
      const mailed = new Set((await listOutbox(folder)).flatMap((entry) => entry.to.map((to) => to.toLowerCase())));
      const lettered = new Set((await query<{ id: string }>(cluster.db.pool, `select data->>'accountId' as id from es.events where type = 'letter.generated'`)).map((r) => r.id));
      return people.every((p) => mailed.has(p.email) && (p.profile === 'user' || lettered.has(p.id)));
    },
    60_000,
    () => `the mails and letters of ${people.map((p) => p.email).join(', ')}:\n${cluster.platform.tail()}`,
    300,
  );
  for (const person of people) {
    const deleted = await call(cluster.url, 'DELETE', `/api/accounts/${person.id}`, { token: employer.adminToken });
    if (deleted.status !== 204) throw new Error(`deletion answered ${deleted.status}: ${JSON.stringify(deleted.body)}`);
  }
  return people;
}

const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex');

/** The distinctive values of `people` found in `text`, in clear (any case) or hex-encoded (bytea columns). */
export function leaksIn(people: readonly Person[], text: string): string[] {
  const folded = text.toLowerCase();
  return people.flatMap((p) => p.distinctive).filter((v) => folded.includes(v.toLowerCase()) || folded.includes(hex(v)) || folded.includes(hex(v.toUpperCase())));
}

/** Every row of every table of every schema, as text: where a value of `people` still appears. */
export async function databaseLeaks(cluster: FaultCluster, people: readonly Person[]): Promise<string[]> {
  const tables = await query<{ table_schema: string; table_name: string }>(
    cluster.db.pool,
    `select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  if (tables.length < 10) throw new Error(`only ${tables.length} tables to scan: not the platform's database`);
  const leaks: string[] = [];
  for (const { table_schema, table_name } of tables) {
    const rows = await query<{ row: string }>(cluster.db.pool, `select t::text as row from "${table_schema}"."${table_name}" t`);
    for (const { row } of rows) {
      const found = leaksIn(people, row);
      if (found.length) leaks.push(`${table_schema}.${table_name}: ${found.join(', ')} in ${row.slice(0, 300)}`);
    }
  }
  return leaks;
}

/** Every file of the outbox and letters folders, raw and (mails) decoded: where a value of `people` still appears. */
export async function fileLeaks(cluster: FaultCluster, people: readonly Person[]): Promise<string[]> {
  const outbox = outboxFolder(cluster.dataDir);
  const leaks: string[] = [];
  for (const folder of [outbox, join(cluster.dataDir, 'letters')]) {
    const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
    for (const entry of entries.filter((e) => e.isFile())) {
      const file = join(entry.parentPath, entry.name);
      let text = (await readFile(file)).toString('latin1') + (await readFile(file, 'utf8'));
      if (folder === outbox && entry.name.endsWith('.eml')) {
        const mail = await readOutboxMail(outbox, entry.name);
        text += [mail.subject, mail.text, mail.html, mail.to.join(' '), JSON.stringify(mail.headers)].join('\n');
      }
      const found = leaksIn(people, text);
      if (found.length) leaks.push(`${file}: ${found.join(', ')}`);
    }
  }
  return leaks;
}

/** `account.personal-data-erased` events per account of `people` (0 when none). */
export async function erasureEvents(cluster: FaultCluster, people: readonly Person[]): Promise<Map<string, number>> {
  const rows = await query<{ id: string; n: string }>(
    cluster.db.pool,
    `select data->>'accountId' as id, count(*)::text as n from es.events where type = 'account.personal-data-erased' and data->>'accountId' = any($1::text[]) group by 1`,
    [people.map((p) => p.id)],
  );
  const counts = new Map(people.map((p) => [p.id, 0]));
  for (const row of rows) counts.set(row.id, Number(row.n));
  return counts;
}

/** The accounts of `people` whose own key is destroyed (`pd.subject_keys.wrapped_key` null). */
export async function destroyedKeys(cluster: FaultCluster, people: readonly Person[]): Promise<Set<string>> {
  const rows = await query<{ id: string }>(
    cluster.db.pool,
    `select subject_id::text as id from pd.subject_keys where subject_id::text = any($1::text[]) and owner_id is null and wrapped_key is null`,
    [people.map((p) => p.id)],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * What an erasure leaves once the installation has settled, for each of `people`: exactly one erasure event, its
 * key destroyed, none of its values in any table, mail or letter, the log verified, and its history replayed with
 * « donnée effacée ». Waits `timeoutMs` for the keys and the read models (the background work finishes them).
 */
export async function checkErasedOnce(cluster: FaultCluster, people: readonly Person[], timeoutMs = 60_000): Promise<void> {
  let state = '';
  await until(
    async () => {
      const keys = await destroyedKeys(cluster, people);
      const events = await erasureEvents(cluster, people);
      const pending = people.filter((p) => !keys.has(p.id) || events.get(p.id) !== 1);
      state = pending.map((p) => `${p.identifier}: ${events.get(p.id)} event(s), key ${keys.has(p.id) ? 'destroyed' : 'kept'}`).join('; ');
      return pending.length === 0;
    },
    timeoutMs,
    () => `every erasure finished, once: ${state}\n${cluster.platform.tail()}`,
    500,
  );
  let leaks: string[] = [];
  await until(
    async () => (leaks = [...(await databaseLeaks(cluster, people)), ...(await fileLeaks(cluster, people))]).length === 0,
    timeoutMs,
    () => `no value of the erased people left:\n${leaks.slice(0, 20).join('\n')}`,
    1_000,
  );
  const verify = await call(cluster.url, 'GET', '/api/audit/verify', { token: cluster.operatorToken, timeoutMs: 60_000 });
  if (verify.status !== 200 || verify.body?.ok !== true) throw new Error(`GET /api/audit/verify answered ${verify.status}: ${JSON.stringify(verify.body).slice(0, 2000)}`);
  // Another process's erasure reaches the platform's reads once its cached key expires (KeyVault, 5 s).
  for (const person of people) {
    let text = '';
    let status = 0;
    await until(
      async () => {
        const history = await call(cluster.url, 'GET', `/api/accounts/${person.id}/history`, { token: person.employer.adminToken });
        ({ status } = history);
        text = JSON.stringify(history.body);
        return status === 200 && text.includes('donnée effacée') && leaksIn([person], text).length === 0;
      },
      15_000,
      () => `history of ${person.identifier} answered ${status} with « donnée effacée » and none of the values: ${text.slice(0, 1000)}`,
      500,
    );
  }
}

/** A second erasure of each of `people`: 200, and still exactly one erasure event each. */
export async function checkSecondErasureChangesNothing(cluster: FaultCluster, people: readonly Person[]): Promise<void> {
  for (const person of people) {
    const again = await call(cluster.url, 'POST', `/api/drs/accounts/${person.id}/erasure`, { token: cluster.operatorToken, body: { reason: 'Seconde demande, déjà effacé' } });
    if (again.status !== 200) throw new Error(`second erasure of ${person.identifier} answered ${again.status}: ${JSON.stringify(again.body)}`);
  }
  const events = await erasureEvents(cluster, people);
  const twice = people.filter((p) => events.get(p.id) !== 1);
  if (twice.length) throw new Error(`erasure events after a second request: ${twice.map((p) => `${p.identifier}: ${events.get(p.id)}`).join(', ')}`);
}
