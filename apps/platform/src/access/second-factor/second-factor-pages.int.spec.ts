import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { startSmtpListener, type SmtpListener } from '@peps/testing';
import {
  browsePage,
  csrfIn,
  employerWithAdministrator,
  flashOf,
  OPERATOR,
  STRONG_PASSWORD,
  startTestPlatform,
  type Jar,
  type PageAnswer,
  type TestPlatform,
} from '../../testing/index.js';

jest.setTimeout(120_000);

const OPERATOR_EMAIL = 'drs1@drs.peps.fr';
const ADMIN_EMAIL = 'admin0@etablissement.fr';

const unescape = (html: string) =>
  html.replace(/&(amp|lt|gt|quot|#x27|#x60|#x3D);/g, (_, entity: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#x60': '`', '#x3D': '=' })[entity]!);

const hiddenIn = (html: string, name: string): string | undefined => {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return match ? unescape(match[1]!) : undefined;
};

/** The continuation page's form: where it posts and every field it carries, as the browser would send them. */
function continuationOf(html: string): { action: string; fields: [string, string][] } {
  const form = /<form method="post" action="([^"]+)" class="card"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('no continuation form');
  const fields = [...form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [unescape(m[1]!), unescape(m[2]!)] as [string, string]);
  return { action: unescape(form[1]!), fields };
}

describe('the second-factor pages over HTTP (PEPS_SECOND_FACTOR=required): sign-in code, step-up in place', () => {
  let platform: TestPlatform;
  let smtp: SmtpListener;
  let admin: { id: string; identifier: string };
  let otherAdmin: { id: string; identifier: string };
  let offsetMinutes = 0;

  const send = (method: string, path: string, jar: Jar, form?: Record<string, string> | [string, string][]): Promise<PageAnswer> =>
    browsePage(platform, method, path, jar, form);

  async function advance(minutes: number) {
    offsetMinutes += minutes;
    expect((await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + offsetMinutes * 60_000).toISOString() } })).status).toBe(200);
  }

  /** The code of the newest code mail to `to` received after the `from`-th message. */
  function mailedCode(to: string, from: number): string {
    const mail = smtp.received.slice(from).filter((m) => m.envelopeTo.includes(to) && m.parsed.subject === 'Votre code de connexion').at(-1);
    const code = /\b(\d{6})\b/.exec(mail?.parsed.text ?? '')?.[1];
    if (!code) throw new Error(`no code mailed to ${to}`);
    return code;
  }

  /** « Se connecter », then « Vérification de votre identité » (the code is e-mailed on arrival). */
  async function passwordStep(jar: Jar, identifier: string, password: string): Promise<PageAnswer> {
    const signInPage = await send('GET', '/', jar);
    return send('POST', '/connexion', jar, { _csrf: csrfIn(signInPage.text), identifier, password });
  }

  async function signIn(identifier: string, password: string, email: string, trust = false): Promise<Jar> {
    const jar: Jar = {};
    const answer = await passwordStep(jar, identifier, password);
    expect(answer.location).toBe('/connexion/code');
    const from = smtp.received.length;
    const codePage = await send('GET', '/connexion/code', jar);
    const verified = await send('POST', '/connexion/code', jar, {
      _csrf: csrfIn(codePage.text),
      intent: 'verify',
      method: 'email',
      code: mailedCode(email, from),
      ...(trust ? { trustWorkstation: '1' } : {}),
    });
    expect(verified.status).toBe(303);
    expect(verified.location).toBe('/');
    return jar;
  }

  /** The API's own sign-in with the e-mailed code (set-up). */
  async function apiToken(identifier: string, password: string, email: string): Promise<string> {
    const challenge = (await platform.api('POST', '/api/auth/login', { body: { identifier, password } })).body.secondFactor.challenge as string;
    const from = smtp.received.length;
    await platform.api('POST', '/api/auth/second-factor/code', { body: { challenge, method: 'email' } });
    return (await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code: mailedCode(email, from) } })).body.token as string;
  }

  beforeAll(async () => {
    smtp = await startSmtpListener();
    platform = await startTestPlatform({ PEPS_SECOND_FACTOR: 'required', SMTP_URL: smtp.url, PEPS_BOOTSTRAP_OPERATOR_EMAIL: OPERATOR_EMAIL });
    const drsToken = await apiToken(OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL);
    ({ admin } = await employerWithAdministrator(platform, drsToken, 0));
    ({ admin: otherAdmin } = await employerWithAdministrator(platform, drsToken, 1));
  });

  afterAll(async () => {
    await platform?.close();
    await smtp?.close();
  });

  it('given the right password, then the sign-in page keeps the challenge in a 10-minute HttpOnly cookie, opens no session and goes to /connexion/code', async () => {
    const jar: Jar = {};
    const answer = await passwordStep(jar, admin.identifier, STRONG_PASSWORD);
    expect(answer.status).toBe(303);
    expect(answer.location).toBe('/connexion/code');
    const cookie = answer.setCookies.find((c) => c.startsWith('peps_second_factor='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Max-Age=600/);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(jar.peps_session).toBeUndefined();
    expect(jar.peps_csrf).toBeUndefined();
  });

  it('given no challenge, or an expired one, then /connexion/code sends back to « Se connecter » with a message', async () => {
    const none = await send('GET', '/connexion/code', {});
    expect(none.status).toBe(303);
    expect(none.location).toBe('/');
    expect(flashOf(none.setCookies)?.message).toContain('Connectez-vous de nouveau');

    const jar: Jar = {};
    await passwordStep(jar, admin.identifier, STRONG_PASSWORD);
    await advance(11);
    const expired = await send('GET', '/connexion/code', jar);
    expect(expired.status).toBe(303);
    expect(expired.location).toBe('/');
    expect(flashOf(expired.setCookies)).toEqual({ kind: 'info', message: 'Le délai pour saisir le code de vérification est dépassé. Connectez-vous de nouveau.' });
    expect(jar.peps_second_factor).toBeUndefined();
  });

  it('given a wrong code, then the page shows the API’s message; the right one with trust opens the session, and the trusted workstation skips the code next time', async () => {
    const jar: Jar = {};
    await passwordStep(jar, admin.identifier, STRONG_PASSWORD);
    const from = smtp.received.length;
    const codePage = await send('GET', '/connexion/code', jar);
    expect(codePage.text).toContain('Vérification de votre identité');
    expect(codePage.text).toContain('Un code vous a été envoyé par courriel.');
    const code = mailedCode(ADMIN_EMAIL, from);
    const csrf = csrfIn(codePage.text);
    const wrong = await send('POST', '/connexion/code', jar, { _csrf: csrf, intent: 'verify', method: 'email', code: code === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain('La vérification a échoué : le code est incorrect ou a expiré.');
    expect(jar.peps_session).toBeUndefined();

    const right = await send('POST', '/connexion/code', jar, { _csrf: csrf, intent: 'verify', method: 'email', code, trustWorkstation: '1' });
    expect(right.status).toBe(303);
    expect(right.location).toBe('/');
    expect(jar.peps_session).toBeDefined();
    expect(jar.peps_csrf).toBeDefined();
    expect(jar.peps_workstation).toBeDefined();
    expect(jar.peps_second_factor).toBeUndefined();

    // Signed out (the session cookies gone), the workstation cookie stays, and the sign-in page forwards it.
    const again: Jar = { peps_workstation: jar.peps_workstation! };
    const direct = await passwordStep(again, admin.identifier, STRONG_PASSWORD);
    expect(direct.location).toBe('/');
    expect(again.peps_session).toBeDefined();
  });

  it('given a form posted without its token, then the code page refuses it and sends nothing', async () => {
    const jar: Jar = {};
    await passwordStep(jar, admin.identifier, STRONG_PASSWORD);
    await send('GET', '/connexion/code', jar);
    const before = smtp.received.length;
    const refused = await send('POST', '/connexion/code', jar, { _csrf: 'forged', intent: 'send', method: 'email' });
    expect(refused.status).toBe(403);
    expect(smtp.received.length).toBe(before);
  });

  it('given a stale factor, then the DRS cancellation asks the code in place and carries on with the typed reason', async () => {
    const jar = await signIn(OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL);
    await advance(11);
    const form = await send('GET', `/drs/inscriptions/${otherAdmin.id}/annulation`, jar);
    const from = smtp.received.length;
    const stepUp = await send('POST', `/drs/inscriptions/${otherAdmin.id}/annulation`, jar, { _csrf: csrfIn(form.text), reason: 'Opposition du représentant légal' });
    expect(stepUp.status).toBe(200);
    expect(stepUp.text).toContain('Confirmez votre identité');
    expect(stepUp.text).toContain('Valider et continuer');
    const context = hiddenIn(stepUp.text, '_stepUp')!;
    const oldSession = jar.peps_session;

    const wrong = await send('POST', '/verification', jar, { _csrf: csrfIn(stepUp.text), _stepUp: context, intent: 'verify', method: 'email', code: '12345' });
    expect(wrong.text).toContain('La vérification a échoué');
    const verified = await send('POST', '/verification', jar, { _csrf: csrfIn(stepUp.text), _stepUp: context, intent: 'verify', method: 'email', code: mailedCode(OPERATOR_EMAIL, from) });
    expect(verified.status).toBe(200);
    expect(verified.text).toContain('Identité confirmée');
    // The session was rotated: a new cookie and the new CSRF token, which the continuation carries.
    expect(jar.peps_session).not.toBe(oldSession);
    const continuation = continuationOf(verified.text);
    expect(continuation.action).toBe(`/drs/inscriptions/${otherAdmin.id}/annulation`);
    expect(continuation.fields).toContainEqual(['reason', 'Opposition du représentant légal']);
    expect(continuation.fields).toContainEqual(['_csrf', jar.peps_csrf!]);

    const done = await send('POST', continuation.action, jar, continuation.fields);
    expect(done.status).toBe(303);
    expect(done.location).toMatch(/^\/drs\/inscriptions/);
    expect(flashOf(done.setCookies)?.kind).toBe('success');
  });

  it('given an administrator changing their own e-mail with a stale factor, then the confirmation’s own events do not make the change conflict', async () => {
    const jar = await signIn(admin.identifier, STRONG_PASSWORD, ADMIN_EMAIL);
    await advance(11);
    const edit = await send('GET', `/comptes/${admin.id}`, jar);
    const version = hiddenIn(edit.text, 'expectedVersion')!;
    const fields: Record<string, string> = {
      _csrf: csrfIn(edit.text),
      expectedVersion: version,
      _tab: 'coordonnees',
      civility: 'madame',
      lastName: 'Martin',
      firstName: 'Claire',
      email: 'claire.martin@etablissement.fr',
      emailConfirmation: 'claire.martin@etablissement.fr',
      phone: '0241051938',
      professionalAddress: '5 ALLEE DE L ILE GLORIETTE\nBP 1005\n44035 NANTES CEDEX 1',
    };
    const from = smtp.received.length;
    const stepUp = await send('POST', `/comptes/${admin.id}`, jar, fields);
    expect(stepUp.text).toContain('Confirmez votre identité');
    const verified = await send('POST', '/verification', jar, {
      _csrf: csrfIn(stepUp.text),
      _stepUp: hiddenIn(stepUp.text, '_stepUp')!,
      intent: 'verify',
      method: 'email',
      code: mailedCode(ADMIN_EMAIL, from),
    });
    const continuation = continuationOf(verified.text);
    expect(continuation.fields).toContainEqual(['expectedVersion', version]);
    const done = await send('POST', continuation.action, jar, continuation.fields);
    expect(done.status).toBe(303);
    expect(flashOf(done.setCookies)).toEqual({ kind: 'success', message: 'Les modifications ont bien été appliquées.' });
    const token = await apiToken(admin.identifier, STRONG_PASSWORD, 'claire.martin@etablissement.fr');
    expect((await platform.api('GET', `/api/accounts/${admin.id}`, { token })).body.email).toBe('claire.martin@etablissement.fr');
  });

  it('given a step-up context pointing elsewhere, or an expired challenge, then nothing is verified and the page says so', async () => {
    const drs = await signIn(OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL);
    await advance(11);
    const home = await send('GET', '/', drs);
    const pending = { challenge: 'x'.repeat(43), methods: ['email'], expiresAt: new Date(Date.now() + (offsetMinutes + 5) * 60_000).toISOString() };
    const forged = Buffer.from(
      JSON.stringify({ p: Buffer.from(JSON.stringify(pending)).toString('base64url'), a: 'https://evil.example/steal', f: {}, c: '/' }),
    ).toString('base64url');
    const elsewhere = await send('POST', '/verification', drs, { _csrf: csrfIn(home.text), _stepUp: forged, intent: 'verify', method: 'email', code: '123456' });
    expect(elsewhere.status).toBe(400);
    expect(unescape(elsewhere.text)).toContain("Cette vérification n'est plus valable");

    const expiredPending = { ...pending, expiresAt: new Date(Date.now() + (offsetMinutes - 1) * 60_000).toISOString() };
    const expiredContext = Buffer.from(
      JSON.stringify({ p: Buffer.from(JSON.stringify(expiredPending)).toString('base64url'), a: '/drs/inscriptions/x/annulation', f: { reason: 'Motif' }, c: '/' }),
    ).toString('base64url');
    const expired = await send('POST', '/verification', drs, { _csrf: csrfIn(home.text), _stepUp: expiredContext, intent: 'verify', method: 'email', code: '123456' });
    expect(expired.status).toBe(200);
    expect(expired.text).toContain('Délai dépassé');
    const again = continuationOf(expired.text);
    expect(again.action).toBe('/drs/inscriptions/x/annulation');
    expect(again.fields).toContainEqual(['reason', 'Motif']);
    expect(again.fields).toContainEqual(['_csrf', csrfIn(home.text)]);
  });
});
