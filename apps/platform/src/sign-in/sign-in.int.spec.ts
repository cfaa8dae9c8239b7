import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  activeUser,
  employerWithAdministrator,
  OPERATOR,
  startTestPlatform,
  STRONG_PASSWORD,
  type TestPlatform,
} from '../testing/test-platform.js';

describe('sign-in, sessions and recovery (PGlite, real argon2)', () => {
  let platform: TestPlatform;
  let admin: string;

  beforeAll(async () => {
    platform = await startTestPlatform();
    const drs = await platform.signIn(OPERATOR.identifier, OPERATOR.password);
    ({ adminToken: admin } = await employerWithAdministrator(platform, drs, 21));
  });
  afterAll(() => platform.close());

  const login = (identifier: string, password: string) => platform.api('POST', '/api/auth/login', { body: { identifier, password } });

  it('locks after 5 consecutive failures: the 6th attempt with the right password is refused, like a wrong one', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Bloque', email: 'bloque@chu.fr', emailConfirmation: 'bloque@chu.fr' });
    const wrong = await login(user.identifier, 'Mauvais#2024');
    for (let i = 0; i < 4; i += 1) await login(user.identifier, 'Mauvais#2024');
    // The lock ends the sessions the account had.
    expect((await platform.api('GET', '/api/services', { token: user.token })).status).toBe(401);
    const sixth = await login(user.identifier, STRONG_PASSWORD);
    expect(sixth.status).toBe(401);
    expect(sixth.body).toEqual(wrong.body);
    const unknown = await login('ZZZ999999', STRONG_PASSWORD);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.message).toBe('Identifiant ou mot de passe incorrect.');

    const details = await platform.api('GET', `/api/accounts/${user.id}`, { token: admin });
    expect(details.body.status).toBe('locked');
    expect((await platform.api('POST', `/api/accounts/${user.id}/unlock`, { token: admin })).status).toBe(200);
    expect((await login(user.identifier, STRONG_PASSWORD)).status).toBe(200);
    expect((await platform.api('POST', `/api/accounts/${user.id}/unlock`, { token: admin })).status).toBe(409);
  });

  it('resets the failure count on a success', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Compte', email: 'compte@chu.fr', emailConfirmation: 'compte@chu.fr' });
    for (let i = 0; i < 4; i += 1) await login(user.identifier, 'Mauvais#2024');
    expect((await login(user.identifier, STRONG_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i += 1) await login(user.identifier, 'Mauvais#2024');
    expect((await login(user.identifier, STRONG_PASSWORD)).status).toBe(200);
  });

  it('answers an unknown identifier and a known one with a wrong password in about the same time (50 tries each)', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Chrono', email: 'chrono@chu.fr', emailConfirmation: 'chrono@chu.fr' });
    const timed = async (identifier: string) => {
      const start = performance.now();
      const answer = await login(identifier, 'Mauvais#2024');
      expect(answer.status).toBe(401);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 50; i += 1) {
      known.push(await timed(user.identifier));
      unknown.push(await timed(`ZZQ${String(i).padStart(6, '0')}`));
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const ratio = median(known) / median(unknown);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.2);
  }, 60_000);

  it('asks cookie-authenticated state changes for the CSRF token; bearer requests need none', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Cookie', email: 'cookie@chu.fr', emailConfirmation: 'cookie@chu.fr' });
    const signedIn = await login(user.identifier, STRONG_PASSWORD);
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0];
    expect((await platform.api('GET', '/api/services', { headers: { cookie } })).status).toBe(200);
    expect((await platform.api('POST', '/api/auth/logout', { headers: { cookie } })).status).toBe(403);
    expect((await platform.api('POST', '/api/auth/logout', { headers: { cookie, 'x-csrf-token': 'faux' } })).status).toBe(403);
    expect((await platform.api('POST', '/api/auth/logout', { headers: { cookie, 'x-csrf-token': signedIn.body.csrfToken } })).status).toBe(204);
    expect((await platform.api('GET', '/api/services', { headers: { cookie } })).status).toBe(401);
    expect((await platform.api('GET', '/api/services', { token: signedIn.body.token })).status).toBe(401);
  });

  it('rotates the session at sign-in', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Rotation', email: 'rotation@chu.fr', emailConfirmation: 'rotation@chu.fr' });
    const first = await login(user.identifier, STRONG_PASSWORD);
    const cookie = first.headers.get('set-cookie')!.split(';')[0];
    const second = await platform.api('POST', '/api/auth/login', { body: { identifier: user.identifier, password: STRONG_PASSWORD }, headers: { cookie } });
    expect(second.status).toBe(200);
    expect((await platform.api('GET', '/api/services', { token: first.body.token })).status).toBe(401);
    expect((await platform.api('GET', '/api/services', { token: second.body.token })).status).toBe(200);
  });

  it('ends a session after 30 idle minutes', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Inactif', email: 'inactif@chu.fr', emailConfirmation: 'inactif@chu.fr' });
    await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 31 * 60_000).toISOString() } });
    try {
      expect((await platform.api('GET', '/api/services', { token: user.token })).status).toBe(401);
    } finally {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
    }
  });

  it('resets a forgotten password with a single-use link; always answers 202', async () => {
    const drs = await platform.signIn(OPERATOR.identifier, OPERATOR.password);
    const { adminToken } = await employerWithAdministrator(platform, drs, 22);
    const user = await activeUser(platform, adminToken, { firstName: 'Oubli', email: 'oubli@chu.fr', emailConfirmation: 'oubli@chu.fr' });
    expect((await platform.api('POST', '/api/password/forgotten', { body: { identifier: 'ZZZ000001' } })).status).toBe(202);
    const asked = await platform.api('POST', '/api/password/forgotten', { body: { identifier: user.identifier.toLowerCase() } });
    expect(asked.status).toBe(202);
    const token = await platform.linkToken(user.id, 'password-reset');
    const newPassword = 'Nouveau#Pass2025';
    expect((await platform.api('POST', '/api/password/setup', { body: { token, password: newPassword, passwordConfirmation: newPassword } })).status).toBe(200);
    expect((await platform.api('POST', '/api/password/setup', { body: { token, password: newPassword, passwordConfirmation: newPassword } })).status).toBe(410);
    // The old sessions ended with the new password.
    expect((await platform.api('GET', '/api/services', { token: user.token })).status).toBe(401);
    expect((await login(user.identifier, newPassword)).status).toBe(200);
    expect((await login(user.identifier, STRONG_PASSWORD)).status).toBe(401);

    expect((await platform.api('POST', '/api/identifier/forgotten', { body: { email: 'oubli@chu.fr' } })).status).toBe(202);
    expect((await platform.api('POST', '/api/identifier/forgotten', { body: { email: 'personne@chu.fr' } })).status).toBe(202);
    const { rows } = await platform.db.query<{ payload: unknown }>(`select payload from auth.outgoing_links where purpose = 'identifier-reminder'`);
    expect(rows.map((r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload))).toEqual([
      expect.objectContaining({ email: 'oubli@chu.fr', identifiers: [user.identifier] }),
    ]);
  });

  it('answers a reset link older than 1 hour with 410', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Tard', email: 'tard@chu.fr', emailConfirmation: 'tard@chu.fr' });
    await platform.api('POST', '/api/password/forgotten', { body: { identifier: user.identifier } });
    const token = await platform.linkToken(user.id, 'password-reset');
    await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 61 * 60_000).toISOString() } });
    try {
      const late = await platform.api('POST', '/api/password/setup', { body: { token, password: 'Nouveau#Pass2025', passwordConfirmation: 'Nouveau#Pass2025' } });
      expect(late.status).toBe(410);
      expect(late.body.message).toContain('1 heure');
    } finally {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
    }
  });

  it('stores only digests of session tokens, and no raw password anywhere in the events', async () => {
    const { rows } = await platform.db.query<{ token_hash: string }>('select token_hash from auth.sessions limit 1');
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    const events = await platform.db.query<{ data: unknown }>('select data from es.events');
    expect(JSON.stringify(events.rows)).not.toContain(STRONG_PASSWORD);
  });
});
