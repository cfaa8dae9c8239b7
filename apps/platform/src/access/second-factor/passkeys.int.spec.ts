import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { freePort } from '@peps/testing';
import { WriteSide } from '../../shell/command-side/write-side.js';
import {
  chromiumInstalled,
  employerWithAdministrator,
  mailedCodeIn,
  OPERATOR,
  operatorSecurityLog,
  openChromiumProfile,
  outboxNames,
  sessionCookies,
  STRONG_PASSWORD,
  startTestPlatform,
  withVirtualAuthenticator,
  type ChromiumProfile,
  type TestPlatform,
} from '../../testing/index.js';

jest.setTimeout(120_000);

const OPERATOR_EMAIL = 'drs1@drs.peps.fr';

/** What the page's scripts expose (passkeys.js, and the WebAuthn helper it loads). */
interface PasskeysWindow {
  pepsPasskeys: {
    register(name: string): Promise<{ id: string; name: string; registeredAt: string; lastUsedAt: string | null }>;
    signIn(challenge: string): Promise<{ token: string; csrfToken: string; account: { id: string } }>;
    library(): Promise<{ startRegistration(o: { optionsJSON: unknown }): Promise<unknown>; startAuthentication(o: { optionsJSON: unknown }): Promise<unknown> }>;
  };
}

(chromiumInstalled() ? describe : describe.skip)('Passkeys (WebAuthn) in Chromium with a virtual authenticator', () => {
  let platform: TestPlatform;
  let dataDir: string;
  let browser: ChromiumProfile;
  let context: BrowserContext;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  /** The page's origin, which is PEPS_PUBLIC_URL: `localhost` (an IP address cannot be a WebAuthn RP ID). */
  let origin: string;
  let drsToken: string;
  let admin: { id: string; identifier: string };
  let adminToken: string;

  /** Password, then the e-mailed code: the sign-in the second factor asks of everyone here. */
  async function signInWithMailedCode(identifier: string, password: string, email: string) {
    const login = await platform.api('POST', '/api/auth/login', { body: { identifier, password } });
    expect(login.status).toBe(200);
    const challenge = login.body.secondFactor.challenge as string;
    const seen = await outboxNames(dataDir);
    expect((await platform.api('POST', '/api/auth/second-factor/code', { body: { challenge, method: 'email' } })).status).toBe(202);
    const code = await mailedCodeIn(dataDir, email, seen);
    const verified = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code } });
    expect(verified.status).toBe(200);
    return verified.body as { token: string; csrfToken: string };
  }

  /** The password step, from the page (as the sign-in page's script would): the pending second factor. */
  const loginFromPage = (identifier = admin.identifier, password = STRONG_PASSWORD) =>
    page.evaluate(async ({ identifier, password }) => {
      const response = await fetch('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier, password }) });
      return (await response.json()) as { secondFactor: { challenge: string; methods: string[] } };
    }, { identifier, password });

  /** The browser now holds `session` (cookies and the page's CSRF token), with passkeys.js loaded. */
  async function holdInBrowser(session: { token: string; csrfToken: string }) {
    await context.clearCookies();
    await context.addCookies(sessionCookies(origin, session));
    await page.goto(`${origin}/`);
    await page.addScriptTag({ url: `${origin}/assets/passkeys.js` });
  }

  /** The authenticator's answer to the options of `challenge`, made but not sent. */
  const assertionFor = (challenge: string) =>
    page.evaluate(async (challenge) => {
      const lib = await (window as unknown as PasskeysWindow).pepsPasskeys.library();
      const response = await fetch('/api/auth/second-factor/passkey/options', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ challenge }) });
      return lib.startAuthentication({ optionsJSON: await response.json() });
    }, challenge);

  const verifyWith = (challenge: string, credential: unknown) => platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'passkey', credential } });

  const passkeysOf = async () => (await platform.api('GET', '/api/me/passkeys', { token: adminToken })).body as { id: string; name: string; registeredAt: string; lastUsedAt: string | null }[];

  beforeAll(async () => {
    // Picked before the start, so that PEPS_PUBLIC_URL names it: WebAuthn checks the page's origin and RP ID.
    const port = await freePort();
    origin = `http://localhost:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'peps-passkeys-'));
    platform = await startTestPlatform(
      { PEPS_SECOND_FACTOR: 'required', PEPS_PUBLIC_URL: origin, PEPS_DATA_DIR: dataDir, PEPS_BOOTSTRAP_OPERATOR_EMAIL: OPERATOR_EMAIL },
      { port },
    );
    drsToken = (await signInWithMailedCode(OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL)).token;
    // Its last step (a sign-in with the password only) stops at the second factor: the session comes next.
    ({ admin } = await employerWithAdministrator(platform, drsToken, 0));
    const session = await signInWithMailedCode(admin.identifier, STRONG_PASSWORD, 'admin0@etablissement.fr');
    adminToken = session.token;

    browser = await openChromiumProfile();
    context = browser.context;
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    ({ cdp, authenticatorId } = await withVirtualAuthenticator(context, page));
    // The browser holds the administrator's session as the pages leave it: the session cookie and its CSRF token.
    await context.addCookies(sessionCookies(origin, session));
    await page.goto(`${origin}/`);
    await page.addScriptTag({ url: `${origin}/assets/passkeys.js` });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('given the signed-in page, it carries the session CSRF token passkeys.js sends, and serves the WebAuthn helper from node_modules under the CSP', async () => {
    expect(await page.locator('input[name="_csrf"]').first().inputValue()).not.toBe('');
    const helper = await platform.api('GET', '/assets/simplewebauthn-browser.js');
    expect(helper.status).toBe(200);
    expect(helper.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(String(helper.body)).toContain('SimpleWebAuthnBrowser');
    expect(helper.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('refuses a registration without a name (French message) and an answer made for earlier options than the latest (another challenge)', async () => {
    const noName = await platform.api('POST', '/api/me/passkeys', { token: adminToken, body: { credential: {}, name: '  ' } });
    expect(noName.status).toBe(400);
    expect(noName.body.errors).toEqual([{ field: 'name', message: 'Le nom de la clé d’accès est obligatoire.' }]);

    const answer = await page.evaluate(async () => {
      const lib = await (window as unknown as PasskeysWindow).pepsPasskeys.library();
      const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
      const post = (path: string, body?: unknown) =>
        fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: body === undefined ? undefined : JSON.stringify(body) });
      const earlier = await (await post('/api/me/passkeys/options')).json();
      await post('/api/me/passkeys/options'); // the latest challenge of this session is now another one
      const credential = await lib.startRegistration({ optionsJSON: earlier });
      const response = await post('/api/me/passkeys', { credential, name: 'Clé périmée' });
      return { status: response.status, body: await response.json() };
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('second-factor.passkey-refused');
    expect(answer.body.message).toMatch(/n’a pas pu être enregistrée/);
    expect(await passkeysOf()).toEqual([]);
  });

  it('registers a passkey from the page (pepsPasskeys.register) and lists it without its key or credential', async () => {
    const registered = await page.evaluate(() => (window as unknown as PasskeysWindow).pepsPasskeys.register('Clé de test'));
    expect(registered).toEqual({ id: expect.any(String), name: 'Clé de test', registeredAt: expect.any(String), lastUsedAt: null });

    const listed = await passkeysOf();
    expect(listed).toEqual([registered]);
    // The account keeps the authenticator's own credential (its id, base64url) and public key.
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    const ids = credentials.map((credential) => Buffer.from(credential.credentialId, 'base64').toString('base64url'));
    const kept = (await platform.app.get(WriteSide).loadAccount(admin.id)).state!.secondFactor.passkeys[registered.id]!;
    expect(ids).toContain(kept.credentialId);
    expect(kept.publicKey).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('signs in again with the passkey: the password step offers it, pepsPasskeys.signIn opens the session', async () => {
    const login = await loginFromPage();
    expect(login.secondFactor.methods).toContain('passkey');
    const signedIn = await page.evaluate((challenge) => (window as unknown as PasskeysWindow).pepsPasskeys.signIn(challenge), login.secondFactor.challenge);
    expect(signedIn.account.id).toBe(admin.id);
    const session = await platform.api('GET', '/api/auth/session', { token: signedIn.token });
    expect(session.status).toBe(200);
    expect(session.body.account.id).toBe(admin.id);
    expect((await passkeysOf())[0]!.lastUsedAt).not.toBeNull();
    // The challenge is used up: the same answer cannot open a second session.
    expect((await verifyWith(login.secondFactor.challenge, {})).status).toBe(401);
  });

  it('refuses, at sign-in, an answer the authenticator made for another challenge (401), and accepts the right one after', async () => {
    const first = await loginFromPage();
    const madeForFirst = await assertionFor(first.secondFactor.challenge);
    const second = await loginFromPage();
    await assertionFor(second.secondFactor.challenge); // the second challenge has its own WebAuthn challenge now
    const refused = await verifyWith(second.secondFactor.challenge, madeForFirst);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('second-factor.verification-failed');
    const right = await verifyWith(second.secondFactor.challenge, await assertionFor(second.secondFactor.challenge));
    expect(right.status).toBe(200);
  });

  it('removes the passkey: its answer made just before is refused, the sign-in no longer offers it, a second removal is 404', async () => {
    const [passkey] = await passkeysOf();
    const login = await loginFromPage();
    const madeBefore = await assertionFor(login.secondFactor.challenge);

    expect((await platform.api('DELETE', `/api/me/passkeys/${passkey!.id}`, { token: adminToken })).status).toBe(204);
    expect(await passkeysOf()).toEqual([]);

    const refused = await verifyWith(login.secondFactor.challenge, madeBefore);
    expect(refused.status).toBe(401);
    const again = await loginFromPage();
    expect(again.secondFactor.methods).not.toContain('passkey');
    const options = await platform.api('POST', '/api/auth/second-factor/passkey/options', { body: { challenge: again.secondFactor.challenge } });
    expect(options.status).toBe(400);
    expect(options.body.code).toBe('second-factor.method-unavailable');
    const twice = await platform.api('DELETE', `/api/me/passkeys/${passkey!.id}`, { token: adminToken });
    expect(twice.status).toBe(404);
    expect(twice.body.code).toBe('second-factor.passkey-unknown');
  });

  describe('the bootstrap DRS operator (not an employer account: its passkeys live in auth.operator_passkeys)', () => {
    let operatorSession: { token: string; csrfToken: string };
    const operatorPasskeys = async () => (await platform.api('GET', '/api/me/passkeys', { token: operatorSession.token })).body as { id: string; name: string; lastUsedAt: string | null }[];

    beforeAll(async () => {
      operatorSession = await signInWithMailedCode(OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL);
      await holdInBrowser(operatorSession);
    });

    it('refuses a registration without a name (French message) and a made-up answer, as for accounts', async () => {
      expect(await operatorPasskeys()).toEqual([]);
      expect((await platform.api('GET', '/api/me/second-factor', { token: operatorSession.token })).body).toMatchObject({ methods: ['email'], passkeys: 0 });
      const noName = await platform.api('POST', '/api/me/passkeys', { token: operatorSession.token, body: { credential: {}, name: '  ' } });
      expect(noName.status).toBe(400);
      expect(noName.body.errors).toEqual([{ field: 'name', message: 'Le nom de la clé d’accès est obligatoire.' }]);
      const made = await platform.api('POST', '/api/me/passkeys', { token: operatorSession.token, body: { credential: { id: 'x', response: {} }, name: 'Clé inventée' } });
      expect(made.status).toBe(400);
      expect(made.body.code).toBe('second-factor.passkey-refused');
      expect(await operatorPasskeys()).toEqual([]);
    });

    it('registers a passkey from the page and signs in with it (password, then the passkey); an answer made for another challenge is refused', async () => {
      const registered = await page.evaluate(() => (window as unknown as PasskeysWindow).pepsPasskeys.register('Clé du DRS'));
      expect(registered).toEqual({ id: expect.any(String), name: 'Clé du DRS', registeredAt: expect.any(String), lastUsedAt: null });
      expect(await operatorPasskeys()).toEqual([registered]);
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      const { rows } = await platform.db.query<{ credential_id: string }>('select credential_id from auth.operator_passkeys');
      expect(credentials.map((credential) => Buffer.from(credential.credentialId, 'base64').toString('base64url'))).toContain(rows[0]!.credential_id);
      // The administrator's passkeys are not the operator's.
      expect(await passkeysOf()).toEqual([]);

      const first = await loginFromPage(OPERATOR.identifier, OPERATOR.password);
      expect(first.secondFactor.methods).toEqual(['email', 'passkey']);
      const madeForFirst = await assertionFor(first.secondFactor.challenge);
      const second = await loginFromPage(OPERATOR.identifier, OPERATOR.password);
      await assertionFor(second.secondFactor.challenge);
      const refused = await verifyWith(second.secondFactor.challenge, madeForFirst);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('second-factor.verification-failed');

      const signedIn = await page.evaluate((challenge) => (window as unknown as PasskeysWindow).pepsPasskeys.signIn(challenge), second.secondFactor.challenge);
      const session = await platform.api('GET', '/api/auth/session', { token: signedIn.token });
      expect(session.status).toBe(200);
      expect(session.body.account.identifier).toBe(OPERATOR.identifier);
      expect((await operatorPasskeys())[0]!.lastUsedAt).not.toBeNull();
      // The challenge is used up.
      expect((await verifyWith(second.secondFactor.challenge, {})).status).toBe(401);
    });

    it('answers a step-up with the passkey: a DRS cancellation past 10 minutes asks for it, and only the session that asked answers it', async () => {
      await holdInBrowser(operatorSession);
      expect((await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 11 * 60_000).toISOString() } })).status).toBe(200);
      const path = `/api/drs/administrator-registrations/${crypto.randomUUID()}/cancellation`;
      const body = { reason: 'Opposition du représentant légal' };
      const refused = await platform.api('POST', path, { token: operatorSession.token, body });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'second-factor.required', methods: ['email', 'passkey'] });
      const challenge = refused.body.challenge as string;
      // Without the session, the step-up challenge does not even give its options.
      expect((await platform.api('POST', '/api/auth/second-factor/passkey/options', { body: { challenge } })).status).toBe(401);

      // From the page, with the session cookie and its CSRF token, as the step-up page's script does.
      const verified = await page.evaluate(async (challenge) => {
        const lib = await (window as unknown as PasskeysWindow).pepsPasskeys.library();
        const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
        const post = (path: string, body: unknown) =>
          fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) });
        const options = await (await post('/api/auth/second-factor/passkey/options', { challenge })).json();
        const credential = await lib.startAuthentication({ optionsJSON: options });
        const response = await post('/api/auth/second-factor/verify', { challenge, method: 'passkey', credential });
        return { status: response.status, body: (await response.json()) as { token: string } };
      }, challenge);
      expect(verified.status).toBe(200);
      expect(verified.body.token).not.toBe(operatorSession.token);
      // Past the step-up: the unknown registration answers for itself.
      expect((await platform.api('POST', path, { token: verified.body.token, body })).status).not.toBe(403);
      operatorSession = { ...operatorSession, token: verified.body.token };
    });

    it('removes the passkey: the sign-in no longer offers it, its options are refused, and a second removal is 404', async () => {
      const [passkey] = await operatorPasskeys();
      expect((await platform.api('DELETE', `/api/me/passkeys/${passkey!.id}`, { token: operatorSession.token })).status).toBe(204);
      expect(await operatorPasskeys()).toEqual([]);
      const again = await loginFromPage(OPERATOR.identifier, OPERATOR.password);
      expect(again.secondFactor.methods).toEqual(['email']);
      const options = await platform.api('POST', '/api/auth/second-factor/passkey/options', { body: { challenge: again.secondFactor.challenge } });
      expect(options.status).toBe(400);
      expect(options.body.code).toBe('second-factor.method-unavailable');
      const twice = await platform.api('DELETE', `/api/me/passkeys/${passkey!.id}`, { token: operatorSession.token });
      expect(twice.status).toBe(404);
      expect(twice.body.code).toBe('second-factor.passkey-unknown');
      // The operator's security log has the registration and the removal, once each (the refusals recorded nothing).
      expect(await operatorSecurityLog(platform, OPERATOR.identifier, 'security.operator-second-factor-changed')).toEqual([
        { accountId: expect.any(String), identifier: OPERATOR.identifier, change: 'passkey-registered', subjectId: passkey!.id, at: expect.any(String) },
        { accountId: expect.any(String), identifier: OPERATOR.identifier, change: 'passkey-removed', subjectId: passkey!.id, at: expect.any(String) },
      ]);
    });
  });
});
