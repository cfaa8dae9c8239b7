import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { accountBody, startWithAdministrator, STRONG_PASSWORD, type TestPlatform } from '../../testing/index.js';

/** The CSP's directives by name. */
function csp(header: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

// Every template of the platform, wherever its use case keeps it.
const viewsDir = fileURLToPath(new URL('../../', import.meta.url));
const templates = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? templates(join(dir, name)) : name.endsWith('.hbs') ? [join(dir, name)] : []));

/** Security review, finding 10: what an anonymous visitor learns (OpenAPI, caching, browser features, CSP, X-Position). */
describe('what an anonymous visitor learns (HTTP)', () => {
  let platform: TestPlatform;
  let admin: { id: string; identifier: string };
  let adminToken: string;

  beforeAll(async () => {
    // Demonstration on (the outbox viewer answers), test clock off.
    ({ platform, admin, adminToken } = await startWithAdministrator(91, { PEPS_TEST_CLOCK: '0', PEPS_DEMO: '1' }));
  }, 60_000);
  afterAll(() => platform.close());

  it('(a) /api/docs lists neither the test clock (switched off) nor the development pages', async () => {
    expect((await platform.api('GET', '/dev/courriels')).status).toBe(200);
    const doc = await platform.api('GET', '/api/docs/openapi.json');
    expect(doc.status).toBe(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths.filter((path) => path.startsWith('/api/test') || path.startsWith('/dev'))).toEqual([]);
    expect((doc.body.tags ?? []).map((tag: { name: string }) => tag.name)).not.toContain('tests');
    expect(paths).toContain('/api/auth/login');
  });

  it('(c) every /api answer says Cache-Control: no-store, personal data first; static assets keep their caching', async () => {
    const answers = [
      await platform.api('GET', `/api/accounts/${admin.id}`, { token: adminToken }),
      await platform.api('GET', '/api/accounts', { token: adminToken }),
      await platform.api('GET', '/api/auth/session', { token: adminToken }),
      await platform.api('POST', '/api/auth/login', { body: { identifier: admin.identifier, password: STRONG_PASSWORD } }),
      await platform.api('GET', '/api/services', { token: adminToken }),
      await platform.api('GET', '/api/health'),
      await platform.api('GET', '/api/nowhere'),
      await platform.api('GET', '/api/accounts'),
    ];
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 404, 401]);
    expect(answers[0]!.body.email).toBeDefined();
    for (const answer of answers) expect(answer.headers.get('cache-control')).toBe('no-store');
    expect((await platform.api('GET', '/')).headers.get('cache-control')).toBe('no-store');
    expect((await platform.api('GET', '/assets/app.css')).headers.get('cache-control')).toBe('public, max-age=300');
  });

  it('(d) Permissions-Policy switches off camera, microphone, geolocation, payment, USB…, and keeps passkeys for this origin', async () => {
    for (const answer of [await platform.api('GET', '/'), await platform.api('GET', '/api/health'), await platform.api('GET', '/assets/app.css')]) {
      const policy = (answer.headers.get('permissions-policy') ?? '').split(',').map((item) => item.trim());
      for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) expect(policy).toContain(`${feature}=()`);
      expect(policy).toContain('publickey-credentials-get=(self)');
      expect(policy).toContain('publickey-credentials-create=(self)');
    }
  });

  it("(e) the CSP allows styles from 'self' only, and no page carries an inline style", async () => {
    const pages = ['/', '/mot-de-passe-oublie', '/identifiant-oublie', '/mot-de-passe/creer?jeton=x', '/inscrire-un-etablissement'];
    for (const path of [...pages, '/api/health']) {
      const answer = await platform.api('GET', path);
      const policy = csp(answer.headers.get('content-security-policy'));
      expect(policy['style-src']).toEqual(["'self'"]);
      expect(policy['script-src']).toEqual(["'self'"]);
      if (path !== '/api/health') {
        expect(answer.status).toBeLessThan(500);
        expect(String(answer.body)).not.toMatch(/<style|\sstyle\s*=/i);
      }
    }
    // Every view template, not only the pages fetched above.
    for (const file of templates(viewsDir)) expect([file, readFileSync(file, 'utf8')]).not.toEqual([file, expect.stringMatching(/<style|\sstyle\s*=/i)]);
    // The signed-in back office too.
    const home = await (await fetch(`${platform.url}/`, { headers: { cookie: `peps_session=${adminToken}` } })).text();
    expect(home).toContain('Gestion des comptes');
    expect(home).not.toMatch(/<style|\sstyle\s*=/i);
  });

  it("(e) the OpenAPI page, which inlines its own style, and the demonstration outbox keep their own 'unsafe-inline' for styles", async () => {
    const docs = await platform.api('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(csp(docs.headers.get('content-security-policy'))['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    const outbox = await platform.api('GET', '/dev/courriels');
    expect(csp(outbox.headers.get('content-security-policy'))['script-src']).toEqual(["'none'"]);
  });

  it('(f) a successful sign-in, a forgotten-password request (known or unknown identifier) and a password setup answer no X-Position; commands of a signed-in caller do', async () => {
    const signIn = await platform.api('POST', '/api/auth/login', { body: { identifier: admin.identifier, password: STRONG_PASSWORD } });
    expect(signIn.status).toBe(200);
    const before = await platform.eventCount();
    const forgotten = await platform.api('POST', '/api/password/forgotten', { body: { identifier: admin.identifier } });
    expect(forgotten.status).toBe(202);
    expect(await platform.eventCount()).toBeGreaterThan(before); // it wrote: the header would have said so
    const created = await platform.api('POST', '/api/accounts', {
      token: adminToken,
      body: accountBody({ lastName: 'Position', email: 'position@chu.fr', emailConfirmation: 'position@chu.fr' }),
    });
    expect(created.status).toBe(201);
    const link = await platform.linkToken(created.body.id);
    const setup = await platform.api('POST', '/api/password/setup', { body: { token: link, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
    expect(setup.status).toBe(200);

    // Before the fix the forgotten-password answer named a position for a real identifier and none for an unknown
    // one: an enumeration oracle behind the "always 202".
    const unknown = await platform.api('POST', '/api/password/forgotten', { body: { identifier: 'ZZZ999999' } });
    expect(unknown.status).toBe(202);
    expect([signIn, forgotten, unknown, setup].map((answer) => answer.headers.get('x-position'))).toEqual([null, null, null, null]);
    expect(created.headers.get('x-position')).toMatch(/^\d+:\d+$/);
  });
});
