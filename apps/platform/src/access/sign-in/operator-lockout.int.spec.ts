import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { MAX_CONSECUTIVE_FAILED_SIGN_INS } from '@peps/domain';
import type { EventStore } from '@peps/event-store';
import { Operators } from '@peps/runtime';
import { SecurityAudit } from '@peps/runtime';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { EVENT_STORE } from '@peps/runtime';
import { OPERATOR, startTestPlatform, type TestPlatform } from '../../testing/test-platform.js';
import { SIGN_IN_FLOOR_MS } from './sign-in.controller.js';

/**
 * Security review (issue 15), finding 2: « 13 wrong passwords, then the right one: 200 with roles drs and auditor ».
 * DRS operators lock after MAX_CONSECUTIVE_FAILED_SIGN_INS failures in a row like employer accounts; another DRS
 * operator unlocks them (API and page).
 */
describe('DRS operators lock after consecutive failed sign-ins (PGlite, real argon2)', () => {
  let platform: TestPlatform;
  let drs: string;
  const PASSWORD = 'Operateur#Lock2025';
  const WRONG = 'Mauvais#2024';

  const login = (identifier: string, password: string) => platform.api('POST', '/api/auth/login', { body: { identifier, password } });
  const securityEvents = async (accountId: string) => {
    await platform.app.get(SecurityAudit).flush();
    return platform.app.get<EventStore>(EVENT_STORE).readStream(`security-${accountId}`);
  };
  /** A fresh DRS operator (roles drs and auditor, as the reviewer's) for each test. */
  const newOperator = async (identifier: string) => {
    const accountId = randomUUID();
    await platform.app.get(Operators).createIfMissing({
      accountId,
      identifier,
      passwordHash: await platform.app.get(PasswordHasher).hash(PASSWORD),
      roles: ['drs', 'auditor'],
      displayName: `Opérateur ${identifier}`,
    });
    return accountId;
  };
  const failTimes = async (identifier: string, n: number) => {
    for (let i = 0; i < n; i += 1) expect((await login(identifier, WRONG)).status).toBe(401);
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    drs = await platform.signIn(OPERATOR.identifier, OPERATOR.password);
  }, 120_000);
  afterAll(() => platform.close());

  it('refuses the right password after 13 wrong ones, with the body and the floor of a wrong password', async () => {
    await newOperator('DRSOPER01');
    const wrong = await login('DRSOPER01', WRONG);
    await failTimes('DRSOPER01', 12);
    const started = performance.now();
    const right = await login('DRSOPER01', PASSWORD);
    const took = performance.now() - started;
    expect(right.status).toBe(401);
    expect(right.body).toEqual(wrong.body);
    expect(right.body).toEqual((await login('INCONNU01', PASSWORD)).body);
    expect(right.body.message).toBe('Identifiant ou mot de passe incorrect.');
    expect(right.body.token).toBeUndefined();
    expect(took).toBeGreaterThanOrEqual(SIGN_IN_FLOOR_MS - 5);
  }, 60_000);

  it(`locks at the ${MAX_CONSECUTIVE_FAILED_SIGN_INS}th failure in a row, not before, and ends the sessions the operator had`, async () => {
    await newOperator('DRSOPER02');
    const session = await platform.signIn('DRSOPER02', PASSWORD);
    await failTimes('DRSOPER02', MAX_CONSECUTIVE_FAILED_SIGN_INS - 1);
    expect((await platform.api('GET', '/api/auth/session', { token: session })).status).toBe(200);
    await failTimes('DRSOPER02', 1);
    expect((await platform.api('GET', '/api/auth/session', { token: session })).status).toBe(401);
    expect((await login('DRSOPER02', PASSWORD)).status).toBe(401);
  });

  it('starts counting again from 0 after a successful sign-in', async () => {
    await newOperator('DRSOPER03');
    await failTimes('DRSOPER03', MAX_CONSECUTIVE_FAILED_SIGN_INS - 1);
    expect((await login('drsoper03', PASSWORD)).status).toBe(200);
    await failTimes('DRSOPER03', MAX_CONSECUTIVE_FAILED_SIGN_INS - 1);
    expect((await login('DRSOPER03', PASSWORD)).status).toBe(200);
  });

  it('is unlocked by another DRS operator through the API, and the lock and the unlock are in the security log', async () => {
    const accountId = await newOperator('DRSOPER04');
    await failTimes('DRSOPER04', MAX_CONSECUTIVE_FAILED_SIGN_INS);

    const listed = await platform.api('GET', '/api/drs/operators', { token: drs });
    expect(listed.status).toBe(200);
    const row = listed.body.items.find((o: { identifier: string }) => o.identifier === 'DRSOPER04');
    expect(row).toMatchObject({ id: accountId, status: 'locked', consecutiveFailedSignIns: MAX_CONSECUTIVE_FAILED_SIGN_INS, lockedAt: expect.any(String) });
    expect(row.passwordHash).toBeUndefined();
    expect(listed.body.items.find((o: { identifier: string }) => o.identifier === OPERATOR.identifier)).toMatchObject({ status: 'active' });

    const unlocked = await platform.api('POST', '/api/drs/operators/drsoper04/unlock', { token: drs });
    expect(unlocked.status).toBe(200);
    expect(unlocked.body).toMatchObject({ identifier: 'DRSOPER04', status: 'active', consecutiveFailedSignIns: 0, lockedAt: null });
    expect((await login('DRSOPER04', PASSWORD)).status).toBe(200);

    // Not locked any more, or nobody of that name: a clear refusal, and nothing changes.
    const again = await platform.api('POST', '/api/drs/operators/DRSOPER04/unlock', { token: drs });
    expect(again.status).toBe(409);
    expect(again.body.message).toBe("Ce compte n'est pas bloqué.");
    expect((await platform.api('POST', '/api/drs/operators/INCONNU99/unlock', { token: drs })).status).toBe(404);
    expect((await platform.api('POST', `/api/drs/operators/${encodeURIComponent('DRſOPER04')}/unlock`, { token: drs })).status).toBe(404);

    const me = (await platform.api('GET', '/api/auth/session', { token: drs })).body.account.id as string;
    const events = await securityEvents(accountId);
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'security.operator-sign-in-failed')).toHaveLength(MAX_CONSECUTIVE_FAILED_SIGN_INS);
    const locked = events.find((e) => e.type === 'security.operator-locked')!;
    expect(locked.data).toMatchObject({ accountId, identifier: 'DRSOPER04', reason: 'too-many-failed-sign-ins', consecutiveFailures: MAX_CONSECUTIVE_FAILED_SIGN_INS });
    expect(locked.metadata.sourceAddress).toMatch(/127\.0\.0\.1/);
    const unlock = events.find((e) => e.type === 'security.operator-unlocked')!;
    expect(unlock.data).toMatchObject({ accountId, identifier: 'DRSOPER04', unlockedBy: me });
    expect(unlock.metadata).toMatchObject({ actor: me, sourceAddress: expect.stringMatching(/127\.0\.0\.1/) });
    expect(types.indexOf('security.operator-locked')).toBeLessThan(types.indexOf('security.operator-unlocked'));
  });

  it('records the right password refused on a locked operator as a failure of its own kind', async () => {
    const accountId = await newOperator('DRSOPER05');
    await failTimes('DRSOPER05', MAX_CONSECUTIVE_FAILED_SIGN_INS);
    expect((await login('DRSOPER05', PASSWORD)).status).toBe(401);
    const failures = (await securityEvents(accountId)).filter((e) => e.type === 'security.operator-sign-in-failed');
    expect(failures.map((e) => (e.data as { reason: string }).reason)).toEqual([...Array(MAX_CONSECUTIVE_FAILED_SIGN_INS).fill('wrong-password'), 'locked']);
  });

  describe('the « Opérateurs » page', () => {
    type Jar = Record<string, string>;
    const send = async (method: string, path: string, jar: Jar, form?: Record<string, string>) => {
      const headers: Record<string, string> = { origin: platform.url, 'sec-fetch-site': 'same-origin' };
      if (Object.keys(jar).length) headers.cookie = Object.entries(jar).map(([k, v]) => `${k}=${v}`).join('; ');
      if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
      const response = await fetch(platform.url + path, { method, headers, body: form ? new URLSearchParams(form).toString() : undefined, redirect: 'manual' });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        const value = pair!.slice(at + 1);
        if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) delete jar[pair!.slice(0, at)];
        else jar[pair!.slice(0, at)] = value;
      }
      return { status: response.status, text: await response.text(), location: response.headers.get('location') };
    };
    const csrfIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const signInThroughPage = async (identifier: string, password: string): Promise<Jar> => {
      const jar: Jar = {};
      const home = await send('GET', '/', jar);
      const answer = await send('POST', '/connexion', jar, { _csrf: csrfIn(home.text), identifier, password });
      expect(answer.status).toBe(303);
      return jar;
    };

    it('lists the operators with their state, and « Débloquer » unlocks a locked one (CSRF field required)', async () => {
      await newOperator('DRSOPER06');
      await failTimes('DRSOPER06', MAX_CONSECUTIVE_FAILED_SIGN_INS);
      const jar = await signInThroughPage(OPERATOR.identifier, OPERATOR.password);

      const listing = await send('GET', '/drs/operateurs', jar);
      expect(listing.status).toBe(200);
      expect(listing.text).toContain('<h1>Opérateurs</h1>');
      const row = listing.text.slice(listing.text.indexOf('(DRSOPER06)'));
      expect(row.slice(0, row.indexOf('</tr>'))).toContain('Bloqué');
      expect(listing.text).toContain('action="/drs/operateurs/DRSOPER06/deblocage"');
      expect(listing.text).toMatch(/Débloquer<span class="visually-hidden"> Opérateur DRSOPER06 \(DRSOPER06\)<\/span>/);
      // An active operator has no button.
      expect(listing.text).not.toContain(`action="/drs/operateurs/${OPERATOR.identifier}/deblocage"`);

      const forged = await send('POST', '/drs/operateurs/DRSOPER06/deblocage', jar, { _csrf: 'ATTACKER' });
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('Votre formulaire a expiré. Recommencez.');
      expect(forged.text).toContain('(DRSOPER06)');
      expect((await login('DRSOPER06', PASSWORD)).status).toBe(401);

      const done = await send('POST', '/drs/operateurs/DRSOPER06/deblocage', jar, { _csrf: csrfIn(listing.text) });
      expect(done.status).toBe(303);
      expect(done.location).toBe('/drs/operateurs');
      const after = await send('GET', '/drs/operateurs', jar);
      expect(after.text).toMatch(/L(&#x27;|')opérateur Opérateur DRSOPER06 \(DRSOPER06\) est débloqué/);
      expect(after.text).not.toContain('action="/drs/operateurs/DRSOPER06/deblocage"');
      expect((await login('DRSOPER06', PASSWORD)).status).toBe(200);

      const notLocked = await send('POST', '/drs/operateurs/DRSOPER06/deblocage', jar, { _csrf: csrfIn(after.text) });
      expect(notLocked.status).toBe(409);
      expect(notLocked.text).toMatch(/Cet opérateur n(&#x27;|')est pas bloqué\./);
    }, 60_000);

    it('is refused to an auditor', async () => {
      const auditor = await signInThroughPage('AUDIT1', 'Auditeur#2024');
      const answer = await send('GET', '/drs/operateurs', auditor);
      expect(answer.status).toBe(403);
      expect(answer.text).toContain('Accès refusé');
    });
  });
});
