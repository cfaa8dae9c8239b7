import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { hash as argon2Hash, parseOptions } from '@node-rs/argon2';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@peps/event-store';
import { SecurityAudit } from '@peps/runtime';
import { ARGON2_PARAMETERS } from '../passwords/password-hasher.js';
import { EVENT_STORE } from '@peps/runtime';
import { activeUser, registerEmployerWithAdministrator, OPERATOR, signInOperator, startWithAdministrator, STRONG_PASSWORD, withAttemptLimits, type TestPlatform } from '../../testing/index.js';

describe('sign-in, sessions and recovery (PGlite, real argon2)', () => {
  let platform: TestPlatform;
  let admin: string;
  beforeAll(async () => ({ platform, adminToken: admin } = await startWithAdministrator(21)));
  afterAll(() => platform.close());

  const login = (identifier: string, password: string) => platform.api('POST', '/api/auth/login', { body: { identifier, password } });
  const store = () => platform.app.get<EventStore>(EVENT_STORE);
  /** Security events are written off the request's path: wait for them, then read the stream. */
  const securityEvents = async (accountId: string) => {
    await platform.app.get(SecurityAudit).flush();
    return store().readStream(`security-${accountId}`);
  };

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
    const user = await activeUser(platform, admin, { firstName: 'Remise', email: 'compte@chu.fr', emailConfirmation: 'compte@chu.fr' });
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
    const { adminToken } = await registerEmployerWithAdministrator(platform, 22);
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

  it('throttles sign-in per identifier and per source address with a French 429', async () => {
    await withAttemptLimits(platform, async (limitTo) => {
      limitTo({ perAddress: 1_000, perSubject: 3, windowMs: 60_000 });
      for (let i = 0; i < 3; i += 1) expect((await login('ZZT000001', 'Mauvais#2024')).status).toBe(401);
      // Any case of the identifier shares the same budget.
      const throttled = await login('zzt000001', 'Mauvais#2024');
      expect(throttled.status).toBe(429);
      expect(throttled.body).toMatchObject({ statusCode: 429, code: 'too-many-requests', message: 'Trop de tentatives. Réessayez dans quelques instants.' });
      expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(throttled.headers.get('x-ratelimit-remaining-subject')).toBeNull();
      // Another identifier is still answered; so is "Mot de passe oublié ?" on an identifier of its own.
      expect((await login('ZZT000002', 'Mauvais#2024')).status).toBe(401);

      limitTo({ perAddress: 2, perSubject: 1_000, windowMs: 60_000 });
      expect((await platform.api('POST', '/api/password/forgotten', { body: { identifier: 'ZZT000003' } })).status).toBe(202);
      expect((await platform.api('POST', '/api/identifier/forgotten', { body: { email: 'personne@chu.fr' } })).status).toBe(202);
      const third = await login('ZZT000004', 'Mauvais#2024');
      expect(third.status).toBe(429);
      expect(third.body.message).toBe('Trop de tentatives. Réessayez dans quelques instants.');
    });
  });

  it('records sign-in success, failure and lock with the source address', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Source', email: 'source@chu.fr', emailConfirmation: 'source@chu.fr' });
    for (let i = 0; i < 5; i += 1) await login(user.identifier, 'Mauvais#2024');
    const events = await store().readStream(`account-${user.id}`);
    const security = events.filter((e) => ['account.signed-in', 'account.sign-in-failed', 'account.locked'].includes(e.type));
    expect(security.map((e) => e.type)).toEqual(['account.signed-in', ...Array(5).fill('account.sign-in-failed'), 'account.locked']);
    for (const event of security) expect(event.metadata.sourceAddress).toMatch(/127\.0\.0\.1/);
  });

  it('records the end of a session: logout, idle timeout, account deleted', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Fin', email: 'fin@chu.fr', emailConfirmation: 'fin@chu.fr' });
    expect((await platform.api('POST', '/api/auth/logout', { token: user.token })).status).toBe(204);
    let events = await securityEvents(user.id);
    expect(events.map((e) => e.type)).toEqual(['security.session-ended']);
    expect(events[0].schemaVersion).toBe(1);
    expect(events[0].data).toMatchObject({ accountId: user.id, reason: 'logout', sessionIds: [expect.stringMatching(/^[0-9a-f]{16}$/)], cause: null });
    expect(events[0].metadata).toMatchObject({ actor: user.id, sourceAddress: expect.stringMatching(/127\.0\.0\.1/) });

    const idle = await platform.signIn(user.identifier, STRONG_PASSWORD);
    await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 31 * 60_000).toISOString() } });
    try {
      expect((await platform.api('GET', '/api/services', { token: idle })).status).toBe(401);
    } finally {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
    }
    events = await securityEvents(user.id);
    expect(events[1].data).toMatchObject({ reason: 'idle-timeout' });
    expect(events[1].metadata.actor).toBe('system');

    await platform.signIn(user.identifier, STRONG_PASSWORD);
    expect((await platform.api('DELETE', `/api/accounts/${user.id}`, { token: admin })).status).toBe(204);
    events = await securityEvents(user.id);
    const ended = events[2];
    expect(ended.data).toMatchObject({ reason: 'account-deleted', cause: { type: 'account.deleted', stream: `account-${user.id}` } });
    const adminSession = await platform.api('GET', '/api/auth/session', { token: admin });
    expect(ended.metadata.actor).toBe(adminSession.body.account.id);
    expect(ended.metadata.sourceAddress).toMatch(/127\.0\.0\.1/);
  });

  it('records an authorization refusal (403) with actor, route and source address', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Refus', email: 'refus@chu.fr', emailConfirmation: 'refus@chu.fr' });
    expect((await platform.api('POST', '/api/establishments', { token: user.token, body: {} })).status).toBe(403);
    const [refused] = await securityEvents(user.id);
    expect(refused.type).toBe('security.access-refused');
    expect(refused.data).toMatchObject({
      accountId: user.id,
      roles: ['user'],
      method: 'POST',
      route: '/api/establishments',
      path: '/api/establishments',
      status: 403,
      code: 'authorisation.forbidden',
      requiredRoles: ['drs'],
    });
    expect(refused.metadata).toMatchObject({ actor: user.id, sourceAddress: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('rehashes an employer account password made with older argon2 parameters at the next sign-in', async () => {
    const user = await activeUser(platform, admin, { firstName: 'Ancien', email: 'ancien@chu.fr', emailConfirmation: 'ancien@chu.fr' });
    const weak = await argon2Hash(STRONG_PASSWORD, { algorithm: 2, memoryCost: 4096, timeCost: 1, parallelism: 1 });
    const now = new Date().toISOString();
    await store().append(
      `account-${user.id}`,
      [
        {
          id: randomUUID(),
          type: 'account.password-rehashed',
          schemaVersion: 1,
          data: { accountId: user.id, passwordHash: weak, rehashedAt: now },
          metadata: { actor: 'system', correlationId: randomUUID(), occurredAt: now },
        },
      ],
      { expectedVersion: 'any' },
    );
    expect((await login(user.identifier, STRONG_PASSWORD)).status).toBe(200);
    const events = await store().readStream(`account-${user.id}`);
    const last = events[events.length - 1];
    expect(events[events.length - 2].type).toBe('account.signed-in');
    expect(last.type).toBe('account.password-rehashed');
    const stored = (last.data as { passwordHash: string }).passwordHash;
    expect(parseOptions(stored)).toMatchObject({ memoryCost: ARGON2_PARAMETERS.memoryCost, timeCost: ARGON2_PARAMETERS.timeCost, parallelism: 1 });
    expect(last.metadata.sourceAddress).toMatch(/127\.0\.0\.1/);
    // The new hash works, and the next sign-in has nothing to rehash.
    expect((await login(user.identifier, STRONG_PASSWORD)).status).toBe(200);
    const after = await store().readStream(`account-${user.id}`);
    expect(after[after.length - 1].type).toBe('account.signed-in');
  });

  it('sends Referrer-Policy: no-referrer on every answer, and security headers', async () => {
    for (const answer of [
      await platform.api('GET', '/api/health'),
      await platform.api('POST', '/api/password/setup', { body: { token: 'x', password: 'x', passwordConfirmation: 'x' } }),
      await login('ZZR000001', 'x'),
      await platform.api('GET', '/'),
    ]) {
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('records operator sign-ins (no account stream) in their security stream', async () => {
    await signInOperator(platform);
    expect((await login(OPERATOR.identifier, 'Mauvais#2024')).status).toBe(401);
    const drs = await platform.api('GET', '/api/auth/session', { token: await signInOperator(platform) });
    const events = await securityEvents(drs.body.account.id);
    const types = events.map((e) => e.type);
    expect(types).toContain('security.operator-signed-in');
    expect(types).toContain('security.operator-sign-in-failed');
    expect(events.every((e) => typeof e.metadata.sourceAddress === 'string')).toBe(true);
  });
});
