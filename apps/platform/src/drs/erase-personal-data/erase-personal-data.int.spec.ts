import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@peps/event-store';
import { readOutboxMail } from '@peps/notifications';
import { EVENT_STORE } from '@peps/runtime';
import { ERASURE_COMPLETED, erasureStream, PersonalDataErasure } from '@peps/process-managers';
import { absorb, browsePage, csrfIn, type Jar } from '../../testing/page-browser.js';
import { accountBody, invitedUser, OPERATOR, signInAuditor, startWithAdministrator, type TestPlatform } from '../../testing/index.js';

/** Polls until `ok`, then answers the last value (the caller asserts on it). */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, tries = 150): Promise<T> {
  let value = await read();
  for (let i = 0; i < tries && !ok(value); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

// Values nobody else on the platform has: any trace of them after the erasure is a leak.
const person = {
  profile: 'administrator',
  civility: 'madame',
  lastName: 'Zorglubovna',
  firstName: 'Eulalie',
  email: 'eulalie.zorglubovna@chu-exemple.fr',
  emailConfirmation: 'eulalie.zorglubovna@chu-exemple.fr',
  phone: '0698765432',
  professionalAddress: ['17 RUE DES QUINCONCES-ZORGLUB', 'BP 4242', '44999 NANTES CEDEX 9'],
};
const newEmail = 'e.zorglubovna.nouvelle@chu-exemple.fr';
const distinctive = ['Zorglubovna', 'Eulalie', person.email, newEmail, '0698765432', '698765432', 'QUINCONCES-ZORGLUB', '44999 NANTES'];

const hex = (value: string) => Buffer.from(value, 'utf8').toString('hex');
const leaksIn = (text: string): string[] => {
  const folded = text.toLowerCase();
  return distinctive.filter((v) => folded.includes(v.toLowerCase()) || folded.includes(hex(v)) || folded.includes(hex(v.toUpperCase())));
};

/** Every row of every table of every schema, as text: where each distinctive value still appears. */
async function databaseLeaks(platform: TestPlatform): Promise<string[]> {
  const { rows: tables } = await platform.db.query<{ table_schema: string; table_name: string }>(
    `select table_schema, table_name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  expect(tables.length).toBeGreaterThan(10);
  const leaks: string[] = [];
  for (const { table_schema, table_name } of tables) {
    const { rows } = await platform.db.query<{ row: string }>(`select t::text as row from "${table_schema}"."${table_name}" t`);
    for (const { row } of rows) {
      const found = leaksIn(row);
      if (found.length) leaks.push(`${table_schema}.${table_name}: ${found.join(', ')} in ${row.slice(0, 300)}`);
    }
  }
  return leaks;
}

async function filesUnder(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true, recursive: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

/** Every file of the outbox and the letters folders, raw and (mails) decoded. */
async function fileLeaks(dataDir: string): Promise<string[]> {
  const leaks: string[] = [];
  for (const file of [...(await filesUnder(join(dataDir, 'outbox'))), ...(await filesUnder(join(dataDir, 'letters')))]) {
    let text = (await readFile(file)).toString('latin1') + (await readFile(file, 'utf8'));
    if (file.endsWith('.eml')) {
      const mail = await readOutboxMail(join(dataDir, 'outbox'), file.split('/').pop()!);
      text += [mail.subject, mail.text, mail.html, mail.to.join(' '), JSON.stringify(mail.headers)].join('\n');
    }
    const found = leaksIn(text);
    if (found.length) leaks.push(`${file}: ${found.join(', ')}`);
  }
  return leaks;
}

/** The outbox mails addressed to `email`. */
async function mailsTo(dataDir: string, email: string): Promise<string[]> {
  const names = (await filesUnder(join(dataDir, 'outbox'))).filter((f) => f.endsWith('.eml')).map((f) => f.split('/').pop()!);
  const mails = await Promise.all(names.map((name) => readOutboxMail(join(dataDir, 'outbox'), name)));
  return mails.filter((mail) => mail.to.includes(email)).map((mail) => mail.name);
}

describe('POST /api/drs/accounts/:id/erasure: the personal data of a closed account, erased everywhere', () => {
  let platform: TestPlatform;
  let admin: string;
  let drs: string;
  let auditor: string;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'peps-erasure-'));
    const started = await startWithAdministrator(43, { PEPS_RUN_WORKERS: '1', PEPS_DATA_DIR: dataDir });
    ({ platform, adminToken: admin, drsToken: drs } = started);
    auditor = await signInAuditor(platform);
  }, 60_000);
  afterAll(async () => {
    await platform.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses an open account (409, nothing recorded), then erases the deleted one: history, tables, mails and letters', async () => {
    // An administrator: an invitation mail and a letter to the legal representative name her.
    const created = await platform.api('POST', '/api/accounts', { token: admin, body: accountBody(person) });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const before = await platform.api('GET', `/api/accounts/${id}`, { token: admin });
    const changed = await platform.api('PATCH', `/api/accounts/${id}`, {
      token: admin,
      body: { expectedVersion: before.body.version, contact: { email: newEmail, emailConfirmation: newEmail } },
    });
    expect(changed.status).toBe(200);
    const written = await eventually(
      async () => [...(await filesUnder(join(dataDir, 'outbox'))), ...(await filesUnder(join(dataDir, 'letters')))],
      (files) => files.some((f) => f.endsWith('.pdf')) && files.filter((f) => f.endsWith('.eml')).length >= 2,
    );
    // Two letters: the first administrator's (the establishment's registration) and hers.
    const pdfs = await eventually(
      async () => (await filesUnder(join(dataDir, 'letters'))).filter((f) => f.endsWith('.pdf')),
      (files) => files.length === 2,
    );
    expect(pdfs).toHaveLength(2);
    expect(written.length).toBeGreaterThan(2);
    expect((await fileLeaks(dataDir)).length).toBeGreaterThan(0);
    expect((await databaseLeaks(platform)).length).toBeGreaterThan(0);

    const events = await platform.eventCount({ decisionsOnly: true });
    const open = await platform.api('POST', `/api/drs/accounts/${id}/erasure`, { token: drs, body: { reason: 'Demande de la personne' } });
    expect(open.status).toBe(409);
    expect(open.body.message).toBe('Les données personnelles ne peuvent être effacées que pour un compte supprimé ou clôturé.');
    expect(await platform.eventCount({ decisionsOnly: true })).toBe(events);

    expect((await platform.api('DELETE', `/api/accounts/${id}`, { token: admin })).status).toBe(204);
    const noReason = await platform.api('POST', `/api/drs/accounts/${id}/erasure`, { token: drs, body: { reason: '  ' } });
    expect(noReason.status).toBe(400);
    expect((await platform.api('POST', `/api/drs/accounts/${id}/erasure`, { token: admin, body: { reason: 'x' } })).status).toBe(403);

    const erased = await platform.api('POST', `/api/drs/accounts/${id}/erasure`, { token: drs, body: { reason: 'Demande de la personne du 02/12/2026' } });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ id });
    // Idempotent: a second request decides nothing new.
    const count = await platform.eventCount({ decisionsOnly: true });
    expect((await platform.api('POST', `/api/drs/accounts/${id}/erasure`, { token: drs, body: { reason: 'Encore' } })).status).toBe(200);
    expect(await platform.eventCount({ decisionsOnly: true })).toBe(count);

    const history = await eventually(
      () => platform.api('GET', `/api/accounts/${id}/history`, { token: admin }),
      (answer) => answer.status === 200 && JSON.stringify(answer.body).includes('donnée effacée'),
    );
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).toContain('donnée effacée');
    expect(leaksIn(JSON.stringify(history.body))).toEqual([]);
    const verify = await platform.api('GET', '/api/audit/verify', { token: auditor });
    expect(verify.body).toMatchObject({ ok: true });

    // Her letter is gone, a stub keeps its reference and date; the first administrator's letter and mails stay.
    const letters = await filesUnder(join(dataDir, 'letters'));
    const stubs = letters.filter((f) => f.endsWith('.erased.json'));
    expect(stubs).toHaveLength(1);
    const stub = JSON.parse(await readFile(stubs[0], 'utf8'));
    expect(stub).toMatchObject({ reference: expect.stringMatching(/^ADM-\d{4}-\d{6}$/), date: expect.any(String) });
    expect(letters.filter((f) => f.endsWith('.pdf'))).toEqual(pdfs.filter((f) => !f.includes(stub.letterId)));
    expect(letters.filter((f) => f.endsWith('.pdf'))).toHaveLength(1);
    expect((await filesUnder(join(dataDir, 'outbox'))).filter((f) => f.endsWith('.eml')).length).toBeGreaterThan(0);

    // The proof: no table, no mail, no letter holds any of her values any more (read models catch up first).
    const leaks = await eventually(
      async () => [...(await databaseLeaks(platform)), ...(await fileLeaks(dataDir))],
      (found) => found.length === 0,
      50,
    );
    expect(leaks).toEqual([]);
  }, 120_000);

  it('given a crash right after the event, when the platform runs on, then the reactor finishes the erasure', async () => {
    const email = 'recuperable.crash@chu-exemple.fr';
    const { id } = await invitedUser(platform, admin, { lastName: 'Recuperable', email, emailConfirmation: email });
    expect(await eventually(() => mailsTo(dataDir, email), (mails) => mails.length > 0)).toHaveLength(1);
    expect((await platform.api('DELETE', `/api/accounts/${id}`, { token: admin })).status).toBe(204);
    const steps = platform.app.get(PersonalDataErasure, { strict: false });
    jest.spyOn(steps, 'run').mockRejectedValueOnce(new Error('the process stopped here'));

    const crashed = await platform.api('POST', `/api/drs/accounts/${id}/erasure`, { token: drs, body: { reason: 'Demande de la personne' } });
    expect(crashed.status).toBe(500);
    const store = platform.app.get<EventStore>(EVENT_STORE);
    const completed = await eventually(
      () => store.readStream(erasureStream(id)),
      (events) => events.some((e) => e.type === ERASURE_COMPLETED),
      200,
    );
    expect(completed.map((e) => e.type)).toEqual([ERASURE_COMPLETED]);
    const { rows } = await platform.db.query<{ destroyed: boolean }>('select wrapped_key is null as destroyed from pd.subject_keys where subject_id = $1', [id]);
    expect(rows).toEqual([{ destroyed: true }]);
    expect(await mailsTo(dataDir, email)).toEqual([]);
  }, 60_000);

  it('the pages: the button only for a closed account, the reason asked, a French result page', async () => {
    const { id, identifier } = await invitedUser(platform, admin, { lastName: 'Pagelle', email: 'pagelle@chu-exemple.fr', emailConfirmation: 'pagelle@chu-exemple.fr' });
    const jar: Jar = {};
    const home = await browsePage(platform, 'GET', '/', jar);
    absorb(jar, home.setCookies);
    await browsePage(platform, 'POST', '/connexion', jar, { _csrf: csrfIn(home.text), identifier: OPERATOR.identifier, password: OPERATOR.password });

    const open = await browsePage(platform, 'GET', `/drs/comptes/${id}`, jar);
    expect(open.status).toBe(200);
    expect(open.text).toContain(`Compte ${identifier}`);
    expect(open.text).not.toContain('Effacer les données personnelles');
    const refused = await browsePage(platform, 'GET', `/drs/comptes/${id}/effacement`, jar);
    expect(refused.text).toContain('ne peuvent être effacées que pour un compte supprimé ou clôturé');
    expect(refused.text).not.toContain('<textarea');

    expect((await platform.api('DELETE', `/api/accounts/${id}`, { token: admin })).status).toBe(204);
    const closed = await browsePage(platform, 'GET', `/drs/comptes/${id}`, jar);
    expect(closed.text).toContain(`href="/drs/comptes/${id}/effacement"`);
    const form = await browsePage(platform, 'GET', `/drs/comptes/${id}/effacement`, jar);
    expect(form.text).toContain("<label for=\"reason\">Motif de l'effacement</label>");
    const noReason = await browsePage(platform, 'POST', `/drs/comptes/${id}/effacement`, jar, { _csrf: csrfIn(form.text), reason: ' ' });
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('Indiquez le motif de l&#x27;effacement.');
    const done = await browsePage(platform, 'POST', `/drs/comptes/${id}/effacement`, jar, { _csrf: csrfIn(noReason.text), reason: 'Demande de la personne' });
    expect(done.status).toBe(200);
    expect(done.text).toContain('Données personnelles effacées');
    const after = await browsePage(platform, 'GET', `/drs/comptes/${id}`, jar);
    expect(after.text).toContain('Les données personnelles de ce compte ont été effacées.');
    expect(after.text).not.toContain('Pagelle');
    expect(after.text).not.toContain(`href="/drs/comptes/${id}/effacement"`);
  }, 60_000);
});
