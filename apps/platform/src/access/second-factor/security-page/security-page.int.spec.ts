import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { PLATFORM_CLOCK, type PlatformClock } from '@peps/runtime';
import { freePort } from '@peps/testing';
import {
  CHROMIUM_LAUNCH,
  chromiumInstalled,
  employerWithAdministrator,
  expectAccessible,
  mailedCodeIn,
  OPERATOR,
  outboxNames,
  sessionCookies,
  STRONG_PASSWORD,
  startTestPlatform,
  withVirtualAuthenticator,
  type TestPlatform,
} from '../../../testing/index.js';
import { totpCode } from '../methods/totp.js';

jest.setTimeout(180_000);

const OPERATOR_EMAIL = 'drs1@drs.peps.fr';

interface Session {
  token: string;
  csrfToken: string;
  workstation?: string;
}

(chromiumInstalled() ? describe : describe.skip)('« Mon compte › Sécurité » in Chromium', () => {
  let platform: TestPlatform;
  let clock: PlatformClock;
  let dataDir: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** PEPS_PUBLIC_URL and the pages' origin: `localhost`, as WebAuthn needs a host name. */
  let origin: string;
  let admin: { id: string; identifier: string };
  let adminSession: Session;
  let userAgent: string;
  /** The authenticator app's secret, as the enrolment page shows it (what the person types into the app). */
  let appSecret: string;
  /** CSP refusals and script errors of the pages themselves. */
  const problems: string[] = [];

  const login = async (identifier: string, password: string, workstation?: string) => {
    const answer = await platform.api('POST', '/api/auth/login', { body: { identifier, password, ...(workstation ? { workstation } : {}) } });
    expect(answer.status).toBe(200);
    return answer.body as { token?: string; secondFactor?: { challenge: string; methods: string[] } };
  };

  const verify = async (body: Record<string, unknown>): Promise<Session> => {
    const answer = await platform.api('POST', '/api/auth/second-factor/verify', { body, headers: { 'user-agent': userAgent } });
    expect(answer.status).toBe(200);
    return answer.body as Session;
  };

  /** Password only (PEPS_SECOND_FACTOR=off): the session and its CSRF token. */
  async function signInWithPassword(identifier: string, password: string): Promise<Session> {
    const answer = await login(identifier, password);
    expect(answer.token).toEqual(expect.any(String));
    return answer as Session;
  }

  /** PEPS_SECOND_FACTOR as the start would set it: the gate reads the configuration at each sign-in. */
  const policy = (value: 'off' | 'required') => ((platform.config as { secondFactor: string }).secondFactor = value);

  /** Password, then the e-mailed code (through the API: the code page is another page's business). */
  async function signInWithMailedCode(identifier: string, password: string, email: string, trustWorkstation = false): Promise<Session> {
    const { secondFactor } = await login(identifier, password);
    const seen = await outboxNames(dataDir);
    expect((await platform.api('POST', '/api/auth/second-factor/code', { body: { challenge: secondFactor!.challenge, method: 'email' } })).status).toBe(202);
    return verify({ challenge: secondFactor!.challenge, method: 'email', code: await mailedCodeIn(dataDir, email, seen), trustWorkstation });
  }

  /** The browser holds a session as the pages leave it: the session cookie, its CSRF token, the workstation cookie. */
  async function holdSession(target: BrowserContext, session: Session): Promise<void> {
    await target.clearCookies();
    await target.addCookies(sessionCookies(origin, session));
  }

  async function newPage(target: BrowserContext): Promise<Page> {
    const opened = await target.newPage();
    opened.setDefaultTimeout(15_000);
    opened.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) problems.push(message.text());
    });
    opened.on('pageerror', (error) => problems.push(String(error)));
    return opened;
  }

  const security = () => page.goto(`${origin}/mon-compte/securite`);
  const section = (target: Page, name: string) => target.getByRole('region', { name });
  const summary = async () => (await platform.api('GET', '/api/me/second-factor', { token: adminSession.token })).body;

  /** What the page shows as the manual key, without its spaces: the secret the app computes codes from. */
  async function shownSecret(target: Page): Promise<string> {
    const key = (await target.locator('.generated-value').textContent()) ?? '';
    expect(key).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    return key.replace(/\s+/g, '');
  }

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://localhost:${port}`;
    dataDir = mkdtempSync(join(tmpdir(), 'peps-security-page-'));
    // Off at first, so that the sessions of the set-up need no code; on from the sign-in with the app.
    platform = await startTestPlatform({ PEPS_SECOND_FACTOR: 'off', PEPS_PUBLIC_URL: origin, PEPS_DATA_DIR: dataDir, PEPS_BOOTSTRAP_OPERATOR_EMAIL: OPERATOR_EMAIL }, { port });
    clock = platform.app.get<PlatformClock>(PLATFORM_CLOCK);
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
    page = await newPage(context);
    userAgent = await page.evaluate(() => navigator.userAgent);

    const drs = await signInWithPassword(OPERATOR.identifier, OPERATOR.password);
    ({ admin } = await employerWithAdministrator(platform, drs.token, 0));
    adminSession = await signInWithPassword(admin.identifier, STRONG_PASSWORD);
    await holdSession(context, adminSession);
  }, 180_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await platform?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a signed-out visitor, the page sends them to « Se connecter »', async () => {
    const answer = await fetch(`${origin}/mon-compte/securite`, { redirect: 'manual' });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/');
  });

  it('given an account without app, key or workstation, the page offers each, from the user menu « Mon compte › Sécurité »', async () => {
    await page.goto(`${origin}/`);
    await page.locator('details.menu').evaluate((menu) => ((menu as HTMLDetailsElement).open = true));
    await page.getByRole('link', { name: 'Mon compte › Sécurité' }).click();
    expect(new URL(page.url()).pathname).toBe('/mon-compte/securite');
    await expect(section(page, 'Application d’authentification').getByRole('button', { name: 'Ajouter une application' }).isVisible()).resolves.toBe(true);
    await expect(section(page, 'Clés d’accès (passkeys)').textContent()).resolves.toContain('Aucune clé d’accès n’est enregistrée.');
    await expect(section(page, 'Postes de confiance').textContent()).resolves.toContain('Aucun poste de confiance');
    await expect(page.locator('main').textContent()).resolves.toContain('La double authentification n’est pas exigée actuellement pour votre compte');
    // JavaScript runs: the passkey form is shown, the sentence for browsers without it is not.
    await expect(page.getByLabel('Nom de la clé d’accès').isVisible()).resolves.toBe(true);
    await expect(page.getByText(/demande JavaScript/).isVisible()).resolves.toBe(false);
    await expectAccessible(page, 'account, nothing enrolled');
  });

  it('enrols an authenticator app: QR code with its text alternative and the key by 4; a wrong code is refused with both kept', async () => {
    await page.getByRole('button', { name: 'Ajouter une application' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ajouter une application d’authentification');
    const qr = page.getByRole('img', { name: /QR code du compte PEP’s Comptes/ });
    await expect(qr.isVisible()).resolves.toBe(true);
    await expect(qr.evaluate((svg) => svg.tagName.toLowerCase())).resolves.toBe('svg');
    const secret = await shownSecret(page);
    appSecret = secret;
    await expectAccessible(page, 'enrolment, QR code');

    await page.getByLabel('Code affiché par l’application').fill(totpCode(secret, new Date(clock.now().getTime() - 10 * 60_000)));
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect(page.locator('#code-erreur').textContent()).resolves.toContain("Le code saisi n'est pas valide.");
    await expect(page.getByLabel('Code affiché par l’application').getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await shownSecret(page)).toBe(secret);
    await expect(page.getByRole('img', { name: /QR code du compte/ }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'enrolment, wrong code');
    expect((await summary()).totp).toBeNull();

    await page.getByLabel('Code affiché par l’application').fill(totpCode(secret, clock.now()));
    await page.getByRole('button', { name: 'Confirmer' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Vos codes de secours');
    const codes = await page.locator('ol.recovery-codes li').allTextContents();
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(new Set(codes).size).toBe(10);
    await expect(page.getByRole('note').textContent()).resolves.toContain('Ces codes ne seront plus jamais affichés');
    await expectAccessible(page, 'recovery codes');

    // « Imprimer » prints the page, whose print stylesheet keeps the codes and the warning, not the site's frame.
    await page.evaluate(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed += 1;
      };
    });
    await page.getByRole('button', { name: 'Imprimer' }).click();
    await expect(page.evaluate(() => (window as unknown as { printed: number }).printed)).resolves.toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('ol.recovery-codes').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('note').isVisible()).resolves.toBe(true);
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('link', { name: 'J’ai conservé mes codes' }).isVisible()).resolves.toBe(false);
    await page.emulateMedia({ media: 'screen' });

    const state = await summary();
    expect(state.totp).toEqual({ enrolledAt: expect.any(String) });
    expect(state.recoveryCodesLeft).toBe(10);
    expect(state.methods).toEqual(expect.arrayContaining(['totp', 'recovery']));
  });

  it('shows the recovery codes once: reloading (the form sent again) or coming back shows the enrolled app, never the codes', async () => {
    const before = await page.locator('ol.recovery-codes li').allTextContents();
    await page.reload();
    await expect(page.locator('main').textContent()).resolves.toContain('Les codes de secours ne s’affichent qu’une fois.');
    await security();
    const main = (await page.locator('main').textContent()) ?? '';
    for (const code of before) expect(main).not.toContain(code);
    expect(await page.locator('ol.recovery-codes').count()).toBe(0);
    const app = section(page, 'Application d’authentification');
    await expect(app.textContent()).resolves.toMatch(/Une application d’authentification est enregistrée depuis le \d{1,2}(er)? \p{L}+ \d{4} à \d{2}h\d{2}/u);
    await expect(app.textContent()).resolves.toMatch(/Codes de secours restants : 10 sur 10/);
    await expect(app.getByRole('link', { name: 'Retirer l’application' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'account, app enrolled');
  });

  it('signs out, then signs in with the app (method totp) and trusts the workstation; the page lists it and stops trusting it', async () => {
    await page.locator('details.menu').evaluate((menu) => ((menu as HTMLDetailsElement).open = true));
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect((await platform.api('GET', '/api/auth/session', { token: adminSession.token })).status).toBe(401);

    policy('required');
    // The code of enrolment is used up (its time step too): the next one comes a minute later.
    await clock.set(new Date(clock.now().getTime() + 60_000));
    const { secondFactor } = await login(admin.identifier, STRONG_PASSWORD);
    expect(secondFactor!.methods).toEqual(expect.arrayContaining(['email', 'totp', 'recovery']));
    const wrong = await platform.api('POST', '/api/auth/second-factor/verify', {
      body: { challenge: secondFactor!.challenge, method: 'totp', code: totpCode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', clock.now()) },
    });
    expect(wrong.status).toBe(401);
    adminSession = await verify({ challenge: secondFactor!.challenge, method: 'totp', code: totpCode(appSecret, clock.now()), trustWorkstation: true });
    expect(adminSession.workstation).toEqual(expect.any(String));
    await holdSession(context, adminSession);

    await security();
    const rows = section(page, 'Postes de confiance').locator('tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().locator('th').textContent()).resolves.toBe('Chrome sur Linux');
    const cells = await rows.first().locator('td time').allTextContents();
    expect(cells).toHaveLength(2);
    for (const cell of cells) expect(cell).toMatch(/^\d{1,2}(er)? \p{L}+ \d{4} à \d{2}h\d{2}$/u);
    await expectAccessible(page, 'account, one trusted workstation');
    // Trusted: the password alone opens a session on this workstation.
    expect((await login(admin.identifier, STRONG_PASSWORD, adminSession.workstation)).token).toEqual(expect.any(String));

    await rows.first().getByRole('button', { name: /^Ne plus faire confiance/ }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/n’est plus un poste de confiance/);
    await expect(section(page, 'Postes de confiance').locator('tbody tr').count()).resolves.toBe(0);
    expect((await platform.api('GET', '/api/me/workstations', { token: adminSession.token })).body).toEqual([]);
    expect((await login(admin.identifier, STRONG_PASSWORD, adminSession.workstation)).secondFactor).toBeDefined();
  });

  it('given an operator (second factor required), the page offers the app and passkeys as to accounts, lists their trusted workstations, and revokes one', async () => {
    policy('required');
    const operatorContext = await browser.newContext({ locale: 'fr-FR' });
    try {
      await holdSession(operatorContext, await signInWithMailedCode(OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL, true));
      const operatorPage = await newPage(operatorContext);
      await operatorPage.goto(`${origin}/mon-compte/securite`);
      await expect(operatorPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Sécurité de mon compte');
      await expect(operatorPage.locator('main').textContent()).resolves.toContain('par courriel (à l’adresse enregistrée pour votre compte d’opérateur)');
      await expect(section(operatorPage, 'Application d’authentification').getByRole('button', { name: 'Ajouter une application' }).isVisible()).resolves.toBe(true);
      await expect(section(operatorPage, 'Clés d’accès (passkeys)').textContent()).resolves.toContain('Aucune clé d’accès n’est enregistrée.');
      const rows = section(operatorPage, 'Postes de confiance').locator('tbody tr');
      await expect(rows.count()).resolves.toBe(1);
      await expect(rows.first().locator('th').textContent()).resolves.toBe('Chrome sur Linux');
      await expectAccessible(operatorPage, 'operator, one trusted workstation');

      await operatorPage.getByRole('button', { name: /^Ne plus faire confiance/ }).click();
      await expect(operatorPage.getByRole('status').first().textContent()).resolves.toMatch(/n’est plus un poste de confiance/);
      await expect(section(operatorPage, 'Postes de confiance').locator('tbody tr').count()).resolves.toBe(0);
      await expect(section(operatorPage, 'Postes de confiance').textContent()).resolves.toContain('Aucun poste de confiance');
      await expectAccessible(operatorPage, 'operator, no workstation');
      // The next sign-in asks for the code again.
      expect((await login(OPERATOR.identifier, OPERATOR.password)).secondFactor).toBeDefined();

      // The app, as for an account: the QR code and key, then the first code gives the recovery codes.
      await operatorPage.getByRole('button', { name: 'Ajouter une application' }).click();
      await expect(operatorPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Ajouter une application d’authentification');
      await expect(operatorPage.getByRole('img', { name: /QR code du compte/ }).isVisible()).resolves.toBe(true);
      const secret = await shownSecret(operatorPage);
      await operatorPage.getByLabel('Code affiché par l’application').fill(totpCode(secret, clock.now()));
      await operatorPage.getByRole('button', { name: 'Confirmer' }).click();
      await expect(operatorPage.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Vos codes de secours');
      await expect(operatorPage.locator('ol.recovery-codes li').count()).resolves.toBe(10);
      await operatorPage.goto(`${origin}/mon-compte/securite`);
      await expect(section(operatorPage, 'Application d’authentification').textContent()).resolves.toMatch(/Codes de secours restants : 10 sur 10/);
      await expectAccessible(operatorPage, 'operator, app enrolled');
      expect((await login(OPERATOR.identifier, OPERATOR.password)).secondFactor!.methods).toEqual(['email', 'totp', 'recovery']);
    } finally {
      await operatorContext.close();
    }
  });

  it('adds a passkey with its name (JavaScript, virtual authenticator), refuses an empty name, lists it and deletes it with a plain form', async () => {
    const { cdp } = await withVirtualAuthenticator(context, page);
    await security();
    const keys = section(page, 'Clés d’accès (passkeys)');
    await keys.getByRole('button', { name: 'Ajouter une clé d’accès' }).click();
    await expect(page.locator('#passkey-name-erreur').textContent()).resolves.toBe('Donnez un nom à la clé d’accès.');
    await expect(page.getByLabel('Nom de la clé d’accès').getAttribute('aria-invalid')).resolves.toBe('true');
    await expectAccessible(page, 'passkey, empty name');

    await page.getByLabel('Nom de la clé d’accès').fill('Ordinateur du bureau');
    await Promise.all([page.waitForURL(/\?cle=ajoutee$/), keys.getByRole('button', { name: 'Ajouter une clé d’accès' }).click()]);
    await expect(page.getByRole('status').first().textContent()).resolves.toBe('Votre clé d’accès est enregistrée.');
    const row = section(page, 'Clés d’accès (passkeys)').locator('tbody tr');
    await expect(row.count()).resolves.toBe(1);
    await expect(row.first().locator('th').textContent()).resolves.toBe('Ordinateur du bureau');
    await expect(row.first().textContent()).resolves.toContain('Jamais utilisée');
    await expect(row.first().locator('td time').first().textContent()).resolves.toMatch(/^\d{1,2}(er)? \p{L}+ \d{4} à \d{2}h\d{2}$/u);
    await expectAccessible(page, 'account, one passkey');

    await row.first().getByRole('button', { name: 'Supprimer la clé d’accès Ordinateur du bureau' }).click();
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/La clé d’accès est supprimée/);
    await expect(section(page, 'Clés d’accès (passkeys)').textContent()).resolves.toContain('Aucune clé d’accès n’est enregistrée.');
    expect((await platform.api('GET', '/api/me/passkeys', { token: adminSession.token })).body).toEqual([]);
    await cdp.detach();
  });

  it('removes the app after a confirmation page: the sign-in no longer offers it, nor its recovery codes', async () => {
    await security();
    await page.getByRole('link', { name: 'Retirer l’application' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Retirer l’application d’authentification');
    await expectAccessible(page, 'app removal, confirmation');
    await page.getByRole('button', { name: 'Retirer l’application' }).click();
    expect(new URL(page.url()).pathname).toBe('/mon-compte/securite');
    await expect(page.getByRole('status').first().textContent()).resolves.toMatch(/L'application d'authentification est retirée/);
    await expect(section(page, 'Application d’authentification').getByRole('button', { name: 'Ajouter une application' }).isVisible()).resolves.toBe(true);
    expect((await summary()).totp).toBeNull();
    const { secondFactor } = await login(admin.identifier, STRONG_PASSWORD);
    expect(secondFactor!.methods).not.toContain('totp');
    expect(secondFactor!.methods).not.toContain('recovery');
  });

  it('without JavaScript: the passkey form gives way to a sentence, and the app is enrolled, its codes printed from the browser, and removed', async () => {
    const plain = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
    try {
      await holdSession(plain, adminSession);
      const noJs = await newPage(plain);
      await noJs.goto(`${origin}/mon-compte/securite`);
      await expect(noJs.getByText(/L’ajout d’une clé d’accès demande JavaScript/).isVisible()).resolves.toBe(true);
      await expect(noJs.getByLabel('Nom de la clé d’accès').isVisible()).resolves.toBe(false);

      await noJs.getByRole('button', { name: 'Ajouter une application' }).click();
      const secret = await shownSecret(noJs);
      await noJs.getByLabel('Code affiché par l’application').fill(totpCode(secret, clock.now()));
      await noJs.getByRole('button', { name: 'Confirmer' }).click();
      await expect(noJs.locator('ol.recovery-codes li').count()).resolves.toBe(10);
      await expect(noJs.getByRole('button', { name: 'Imprimer' }).isVisible()).resolves.toBe(false);
      await expect(noJs.locator('main').textContent()).resolves.toContain('utilisez la commande d’impression de votre navigateur');

      await noJs.goto(`${origin}/mon-compte/securite/application/retrait`);
      await noJs.getByRole('button', { name: 'Retirer l’application' }).click();
      await expect(noJs.getByRole('status').first().textContent()).resolves.toMatch(/est retirée/);
      expect((await summary()).totp).toBeNull();
    } finally {
      await plain.close();
    }
  });

  it('refuses a page form without its token (nothing changes), and the pages ran without CSP refusal or script error', async () => {
    await security();
    const events = await platform.eventCount();
    const answer = await page.evaluate(async () => {
      const response = await fetch('/mon-compte/securite/application', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '_csrf=faux', redirect: 'manual' });
      return response.type === 'opaqueredirect' ? 303 : response.status;
    });
    expect(answer).toBe(303);
    expect(await platform.eventCount()).toBe(events);
    expect(problems).toEqual([]);
  });
});
