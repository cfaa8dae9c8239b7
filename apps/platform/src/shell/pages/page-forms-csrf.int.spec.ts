import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WriteSide } from '../command-side/write-side.js';
import { absorb, activeUser, csrfIn, flashOf, sameOriginHeaders, sendPage, startWithAdministrator, STRONG_PASSWORD, type Jar, type TestPlatform } from '../../testing/index.js';

describe('page forms: CSRF, origin and logout (issue 15, findings 3 and 6)', () => {
  let platform: TestPlatform;
  let adminIdentifier: string;
  let adminToken: string;

  const send = (method: string, path: string, jar: Jar, options?: Parameters<typeof sendPage>[4]) => sendPage(platform, method, path, jar, options);

  /** What Chromium sends with a form posted from the platform's own page. */
  const sameOrigin = () => sameOriginHeaders(platform);

  /** Signs in through « Se connecter » as a browser does; returns the browser's cookies. */
  const signInThroughPage = async (identifier: string): Promise<Jar> => {
    const jar: Jar = {};
    const signInPage = await send('GET', '/', jar);
    absorb(jar, signInPage.setCookies);
    const answer = await send('POST', '/connexion', jar, { form: { _csrf: csrfIn(signInPage.text), identifier, password: STRONG_PASSWORD }, headers: sameOrigin() });
    expect(answer.status).toBe(303);
    absorb(jar, answer.setCookies);
    expect(jar.peps_session).toBeDefined();
    expect(jar.peps_csrf).toBeDefined();
    return jar;
  };

  const accountStatus = async (accountId: string) => (await platform.app.get(WriteSide).loadAccount(accountId)).state?.status;

  beforeAll(async () => {
    ({ platform, adminToken, admin: { identifier: adminIdentifier } } = await startWithAdministrator(151));
  }, 120_000);
  afterAll(() => platform.close());

  it("refuses the reviewer's request: the administrator's real cookies, a planted peps_form=ATTACKER and _csrf=ATTACKER (403, account kept)", async () => {
    const victim = await activeUser(platform, adminToken, { firstName: 'Plante', email: 'plante@chu.fr', emailConfirmation: 'plante@chu.fr' });
    const jar = await signInThroughPage(adminIdentifier);
    const planted = { ...jar, peps_form: 'ATTACKER' };
    const answer = await send('POST', `/comptes/${victim.id}/suppression`, planted, { form: { _csrf: 'ATTACKER' } });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('Votre formulaire a expiré');
    // With a foreign Origin, as the reviewer also tried: refused too.
    const foreign = await send('POST', `/comptes/${victim.id}/suppression`, planted, { form: { _csrf: 'ATTACKER' }, headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    expect(await accountStatus(victim.id)).toBe('active');
    expect((await platform.api('GET', '/api/services', { token: victim.token })).status).toBe(200);
  });

  it('refuses a planted peps_csrf cookie too: the token must be the one whose digest the session stores', async () => {
    const victim = await activeUser(platform, adminToken, { firstName: 'Jeton', email: 'jeton@chu.fr', emailConfirmation: 'jeton@chu.fr' });
    const jar = await signInThroughPage(adminIdentifier);
    const answer = await send('POST', `/comptes/${victim.id}/suppression`, { ...jar, peps_csrf: 'ATTACKER' }, { form: { _csrf: 'ATTACKER' }, headers: sameOrigin() });
    expect(answer.status).toBe(403);
    // Refused by the page itself, before any call to the API (whose own CSRF guard would say something else).
    expect(answer.text).toContain('Votre formulaire a expiré');
    expect(await accountStatus(victim.id)).toBe('active');
  });

  it('refuses a foreign Origin or Sec-Fetch-Site: cross-site / same-site even with the right token (French refusal page, 403)', async () => {
    const victim = await activeUser(platform, adminToken, { firstName: 'Origine', email: 'origine@chu.fr', emailConfirmation: 'origine@chu.fr' });
    const jar = await signInThroughPage(adminIdentifier);
    const deletePage = await send('GET', `/comptes/${victim.id}/suppression`, jar);
    expect(deletePage.status).toBe(200);
    const token = csrfIn(deletePage.text);
    expect(token).toBe(jar.peps_csrf);
    const refused: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://comptes.peps.example.fr.evil.example' },
      { origin: 'null', 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'cross-site' },
      { origin: 'https://autre.peps.example.fr', 'sec-fetch-site': 'same-site' },
      { origin: platform.url, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of refused) {
      const answer = await send('POST', `/comptes/${victim.id}/suppression`, jar, { form: { _csrf: token }, headers });
      expect({ headers, status: answer.status }).toEqual({ headers, status: 403 });
      expect(answer.text).toContain('Accès refusé');
      expect(answer.text).toContain('une page de la plateforme : elle est refusée.');
    }
    // Every page POST goes through the same check: signed-out forms and the logout as well.
    for (const path of ['/connexion', '/deconnexion', '/identifiant-oublie', '/mot-de-passe-oublie', '/mot-de-passe/creer', '/cgu', `/comptes/${victim.id}/deblocage`]) {
      const answer = await send('POST', path, jar, { form: { _csrf: token }, headers: { origin: 'https://evil.example' } });
      expect({ path, status: answer.status }).toEqual({ path, status: 403 });
      expect(answer.text).toContain('Accès refusé');
    }
    expect(await accountStatus(victim.id)).toBe('active');
    expect((await platform.api('GET', '/api/auth/session', { token: victim.token })).status).toBe(200);
    expect((await platform.api('GET', '/api/auth/session', { headers: { cookie: `peps_session=${jar.peps_session}` } })).status).toBe(200);

    // Same origin, by Origin and Sec-Fetch-Site, by the PEPS_PUBLIC_URL origin, or without either header: accepted.
    // Under the pages' `Referrer-Policy: no-referrer` Chromium posts their forms with `Origin: null` and
    // `Sec-Fetch-Site: same-origin`.
    const accepted = await send('POST', `/comptes/${victim.id}/suppression`, jar, { form: { _csrf: token }, headers: { origin: 'null', 'sec-fetch-site': 'same-origin' } });
    expect(accepted.status).toBe(303);
    expect(accepted.location).toMatch(/^\/comptes/);
    expect(await accountStatus(victim.id)).toBe('closed');
    const other = await activeUser(platform, adminToken, { firstName: 'Publique', email: 'publique@chu.fr', emailConfirmation: 'publique@chu.fr' });
    expect((await send('POST', `/comptes/${other.id}/suppression`, jar, { form: { _csrf: token }, headers: { origin: platform.config.publicUrl } })).status).toBe(303);
    const fourth = await activeUser(platform, adminToken, { firstName: 'Hote', email: 'hote@chu.fr', emailConfirmation: 'hote@chu.fr' });
    expect((await send('POST', `/comptes/${fourth.id}/suppression`, jar, { form: { _csrf: token }, headers: sameOrigin() })).status).toBe(303);
    const third = await activeUser(platform, adminToken, { firstName: 'Ancien', email: 'ancien@chu.fr', emailConfirmation: 'ancien@chu.fr' });
    expect((await send('POST', `/comptes/${third.id}/suppression`, jar, { form: { _csrf: token } })).status).toBe(303);
  });

  it('names the signed-out form cookie __Host-peps_form over HTTPS (Secure, Path=/, no Domain) and ignores a planted plain peps_form there', async () => {
    // Behind a TLS proxy on loopback (trust proxy), the request is HTTPS.
    const https = { 'x-forwarded-proto': 'https' };
    const first = await send('GET', '/', {}, { headers: https });
    const line = first.setCookies.find((c) => c.startsWith('__Host-peps_form='));
    expect(line).toBeDefined();
    expect(line).toMatch(/; Path=\/(;|$)/);
    expect(line).toMatch(/; Secure(;|$)/);
    expect(line).toMatch(/; HttpOnly(;|$)/);
    expect(line).toMatch(/; SameSite=Lax(;|$)/);
    expect(line).not.toMatch(/Domain=/i);
    expect(first.setCookies.some((c) => c.startsWith('peps_form='))).toBe(false);

    // A sibling subdomain can plant `peps_form`, not `__Host-peps_form`: over HTTPS the plain one counts for nothing.
    const planted = await send('POST', '/mot-de-passe-oublie', { peps_form: 'ATTACKER' }, { form: { _csrf: 'ATTACKER', identifier: adminIdentifier }, headers: https });
    expect(planted.status).toBe(403);
    expect(planted.text).toContain('Votre formulaire a expiré');
    const jar: Jar = {};
    absorb(jar, first.setCookies);
    const genuine = await send('POST', '/mot-de-passe-oublie', jar, { form: { _csrf: csrfIn(first.text), identifier: 'ZZZ000001' }, headers: https });
    expect(genuine.status).toBe(200);
    expect(genuine.text).toContain('un courriel vient de vous être envoyé');

    // Over plain HTTP browsers refuse the prefix: `peps_form`, not Secure.
    const plain = await send('GET', '/', {});
    const plainLine = plain.setCookies.find((c) => c.startsWith('peps_form='));
    expect(plainLine).toBeDefined();
    expect(plainLine).not.toMatch(/Secure/);
  });

  it('keeps the session cookie and the CSRF cookie the same lifetime: both end with the browser (no Max-Age, no Expires)', async () => {
    const jar: Jar = {};
    const signInPage = await send('GET', '/', jar);
    absorb(jar, signInPage.setCookies);
    const answer = await send('POST', '/connexion', jar, { form: { _csrf: csrfIn(signInPage.text), identifier: adminIdentifier, password: STRONG_PASSWORD }, headers: sameOrigin() });
    expect(answer.status).toBe(303);
    const session = answer.setCookies.find((c) => c.startsWith('peps_session='))!;
    const csrf = answer.setCookies.find((c) => c.startsWith('peps_csrf='))!;
    for (const line of [session, csrf]) {
      expect(line).toBeDefined();
      expect(line).not.toMatch(/Max-Age|Expires/i);
      expect(line).toMatch(/; Path=\/(;|$)/);
      expect(line).toMatch(/; HttpOnly(;|$)/);
      expect(line).toMatch(/; SameSite=Lax(;|$)/);
    }
    // The API alone sets the same kind of cookie.
    const api = await platform.api('POST', '/api/auth/login', { body: { identifier: adminIdentifier, password: STRONG_PASSWORD } });
    expect(api.headers.getSetCookie().find((c) => c.startsWith('peps_session='))).not.toMatch(/Max-Age|Expires/i);
  });

  it('after a browser restart (peps_session kept, peps_csrf gone) « Se déconnecter » really ends the session', async () => {
    const jar = await signInThroughPage(adminIdentifier);
    const oldToken = jar.peps_session!;
    const restarted: Jar = { peps_session: oldToken };
    const home = await send('GET', '/', restarted);
    expect(home.status).toBe(200);
    expect(home.text).toContain('Se déconnecter');
    absorb(restarted, home.setCookies);
    const answer = await send('POST', '/deconnexion', restarted, { form: { _csrf: csrfIn(home.text) }, headers: sameOrigin() });
    expect(answer.status).toBe(303);
    expect(flashOf(answer.setCookies)).toEqual({ kind: 'info', message: 'Vous êtes déconnecté.' });
    expect((await platform.api('GET', '/api/auth/session', { headers: { cookie: `peps_session=${oldToken}` } })).status).toBe(401);
    expect((await platform.api('GET', '/api/auth/session', { token: oldToken })).status).toBe(401);
  });

  it('says it could not sign out, and keeps the cookies, when the form proves nothing (the session stays open)', async () => {
    const jar = await signInThroughPage(adminIdentifier);
    const answer = await send('POST', '/deconnexion', { peps_session: jar.peps_session! }, { form: { _csrf: 'ATTACKER' }, headers: sameOrigin() });
    expect(answer.status).toBe(303);
    expect(flashOf(answer.setCookies)).toEqual({ kind: 'error', message: "La déconnexion n'a pas abouti : votre session est toujours ouverte. Rechargez la page et recommencez." });
    expect(answer.setCookies.some((c) => c.startsWith('peps_session='))).toBe(false);
    expect((await platform.api('GET', '/api/auth/session', { token: jar.peps_session })).status).toBe(200);
  });

  it('signs out with the session-bound token as before: the session ends and the cookies go', async () => {
    const jar = await signInThroughPage(adminIdentifier);
    const home = await send('GET', '/', jar);
    const answer = await send('POST', '/deconnexion', jar, { form: { _csrf: csrfIn(home.text) }, headers: sameOrigin() });
    expect(answer.status).toBe(303);
    expect(flashOf(answer.setCookies)).toEqual({ kind: 'info', message: 'Vous êtes déconnecté.' });
    expect(answer.setCookies.some((c) => /^peps_session=;/.test(c))).toBe(true);
    expect((await platform.api('GET', '/api/auth/session', { token: jar.peps_session })).status).toBe(401);
  });
});
