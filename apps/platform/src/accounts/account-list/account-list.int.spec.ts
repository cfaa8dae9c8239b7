import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { accountBody, browsePage, csrfIn, OPERATOR, startWithTwoEmployers, STRONG_PASSWORD, threeLetters, type Jar, type TestPlatform } from '../../testing/index.js';

jest.setTimeout(180_000);

describe('GET /api/accounts and /comptes at scale', () => {
  let platform: TestPlatform;
  let drsToken: string;
  let first: { employerId: string; adminToken: string; admin: { identifier: string } };
  let second: { employerId: string; adminToken: string };
  const created: { id: string; identifier: string }[] = [];

  beforeAll(async () => {
    ({ platform, drsToken, first, second } = await startWithTwoEmployers([31, 32], { PEPS_RUN_WORKERS: '1' }));
    let position = '';
    const create = async (token: string, lastName: string, firstName: string, email: string) => {
      const answer = await platform.api('POST', '/api/accounts', { token, body: accountBody({ lastName, firstName, email, emailConfirmation: email }) });
      if (answer.status !== 201) throw new Error(`creation answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      position = answer.headers.get('x-position') ?? position;
      return { id: answer.body.id as string, identifier: answer.body.identifier as string };
    };
    for (let i = 0; i < 24; i++) created.push(await create(first.adminToken, `LISTE${threeLetters(i)}`, 'Anne', `liste.${i}@exemple.fr`));
    await create(second.adminToken, 'AUTRE', 'Bea', 'autre@exemple.fr');
    // The list is a read model: one read that waits for the last creation, and every later read sees them all.
    const caughtUp = await platform.api('GET', `/api/accounts?pageSize=1&minPosition=${position}`, { token: drsToken });
    expect(caughtUp.body.total).toBeGreaterThanOrEqual(27);
  });
  afterAll(async () => {
    await platform?.close();
  });

  it('given Accept: text/csv, then the filtered list comes as CSV with a BOM, ; and the requested sort', async () => {
    const response = await fetch(`${platform.url}/api/accounts?search=liste&sort=name&order=desc`, { headers: { authorization: `Bearer ${first.adminToken}`, accept: 'text/csv' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe('Identifiant;Civilité;Nom;Prénom;Courriel;Profil;Statut;Créé le;Dernière connexion');
    expect(lines).toHaveLength(25);
    const names = lines.slice(1).map((l) => l.split(';')[2]);
    expect(names[0]).toBe(`LISTE${threeLetters(23)}`);
    expect(names).toEqual([...names].sort().reverse());
    // « Créé le » in French local time: dd/mm/yyyy hh:mm.
    expect(lines[1].split(';')[7]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  });

  it('given the same sort, then the JSON pages come in the same order as the CSV', async () => {
    const page = await platform.api('GET', '/api/accounts?search=liste&sort=name&order=desc&pageSize=5', { token: first.adminToken });
    expect(page.status).toBe(200);
    expect(page.body.items.map((i: { lastName: string }) => i.lastName)).toEqual([23, 22, 21, 20, 19].map((n) => `LISTE${threeLetters(n)}`));
  });

  it('given an administrator, then the CSV holds only their employer, without an employer column', async () => {
    const response = await fetch(`${platform.url}/api/accounts`, { headers: { authorization: `Bearer ${first.adminToken}`, accept: 'text/csv' } });
    const text = await response.text();
    expect(text).not.toContain('AUTRE');
    expect(text.split('\r\n')[0]).not.toContain('Employeur');
  });

  it('given the DRS and an employer filter, then only that employer is listed, with its employer column in CSV', async () => {
    const json = await platform.api('GET', `/api/accounts?employerId=${second.employerId}`, { token: drsToken });
    expect(json.body.items.map((i: { lastName: string }) => i.lastName)).toContain('AUTRE');
    expect(json.body.items.every((i: { employerId: string }) => i.employerId === second.employerId)).toBe(true);
    const response = await fetch(`${platform.url}/api/accounts?employerId=${second.employerId}`, { headers: { authorization: `Bearer ${drsToken}`, accept: 'text/csv' } });
    const lines = (await response.text()).trimEnd().split('\r\n');
    expect(lines[0].replace('\uFEFF', '').split(';')[0]).toBe('Employeur');
    expect(lines.slice(1).every((l) => l.startsWith(`${second.employerId};`))).toBe(true);
  });

  it('given an anonymous caller, then the CSV is refused', async () => {
    const response = await fetch(`${platform.url}/api/accounts`, { headers: { accept: 'text/csv' } });
    expect(response.status).toBe(401);
  });

  describe('pages', () => {
    const signIn = async (identifier: string, password: string): Promise<Jar> => {
      const jar: Jar = {};
      const form = await browsePage(platform, 'GET', '/', jar);
      const answer = await browsePage(platform, 'POST', '/connexion', jar, { _csrf: csrfIn(form.text), identifier, password });
      expect(answer.status).toBe(303);
      return jar;
    };

    it('given page 99 of a 2-page list, then the last page is shown and says so', async () => {
      const jar = await signIn(first.admin.identifier, STRONG_PASSWORD);
      const answer = await browsePage(platform, 'GET', '/comptes?search=liste&page=99', jar);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('La page 99 n’existe pas : voici la dernière page (2 sur 2).');
      expect(answer.text).not.toContain('Aucun compte ne correspond');
      expect(answer.text).toContain('aria-current="page"><span class="visually-hidden">Page </span>2</span>');
    });

    it('given the DRS, then the list shows employers and offers neither « Créer un compte » nor « Modifier »', async () => {
      const jar = await signIn(OPERATOR.identifier, OPERATOR.password);
      const answer = await browsePage(platform, 'GET', `/comptes?employerId=${second.employerId}`, jar);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('<th scope="col">Employeur</th>');
      expect(answer.text).toContain('AUTRE');
      expect(answer.text).not.toContain('LISTEAAA');
      expect(answer.text).not.toContain('Créer un compte');
      expect(answer.text).not.toContain('Modifier');
    });

    it('given two ticked accounts, one of them unknown, then one mail is re-sent and the other refused with the reason', async () => {
      const jar = await signIn(first.admin.identifier, STRONG_PASSWORD);
      const list = await browsePage(platform, 'GET', '/comptes', jar);
      const csrf = csrfIn(list.text);
      const unknownId = '00000000-0000-4000-8000-00000000dead';
      const answer = await browsePage(platform, 'POST', '/comptes/renvoi-invitations', jar, [
        ['_csrf', csrf],
        ['back', '/comptes'],
        ['ids', created[0].id],
        ['ids', unknownId],
      ]);
      expect(answer.status).toBe(200);
      expect(answer.text).toContain('1 courriel de création du mot de passe renvoyé.');
      expect(answer.text).toContain('1 compte refusé');
      expect(answer.text).toMatch(/Compte introuvable<\/a> : [^<]+<\/li>/);
    });

    it('given no ticked account, then nothing is sent and the page says to tick one', async () => {
      const jar = await signIn(first.admin.identifier, STRONG_PASSWORD);
      const list = await browsePage(platform, 'GET', '/comptes', jar);
      const csrf = csrfIn(list.text);
      // The previous case's mail may still be recorded as sent by the worker meanwhile: count decisions only.
      const before = await platform.eventCount({ decisionsOnly: true });
      const answer = await browsePage(platform, 'POST', '/comptes/renvoi-invitations', jar, { _csrf: csrf, back: '/comptes' });
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('Cochez au moins un compte');
      expect(await platform.eventCount({ decisionsOnly: true })).toBe(before);
    });
  });
  // Last: 19 months ahead the deadline manager may deactivate today's accounts, ending their sessions.
  it('given « arrivant à expiration », then only accounts 18 months without sign-in are listed, none of today’s', async () => {
    expect((await platform.api('GET', '/api/accounts?expiring=oui', { token: first.adminToken })).status).toBe(400);
    const expiring = await platform.api('GET', '/api/accounts?expiring=1', { token: first.adminToken });
    expect(expiring.status).toBe(200);
    expect(expiring.body.total).toBe(0);
    const all = await platform.api('GET', '/api/accounts', { token: first.adminToken });
    expect(all.body.total).toBeGreaterThan(0);
    // 19 months later every account created today (and the administrator signed in today) arrives at expiry.
    const later = new Date(Date.now() + 19 * 31 * 24 * 3600 * 1000).toISOString();
    expect((await platform.api('PUT', '/api/test/clock', { body: { now: later } })).status).toBeLessThan(300);
    // The sessions of today have lapsed by then: the DRS signs in again and looks at this employer.
    const drsLater = await platform.signIn(OPERATOR.identifier, OPERATOR.password);
    const afterwards = await platform.api('GET', `/api/accounts?expiring=1&employerId=${first.employerId}`, { token: drsLater });
    await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
    expect(afterwards.body.total).toBe(all.body.total);
  });
});
