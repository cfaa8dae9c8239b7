import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { EventStore } from '@peps/event-store';
import { Operators } from '@peps/runtime';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { EVENT_STORE } from '@peps/runtime';
import { activeUser, registerEmployerWithAdministrator, startTestPlatform, withAttemptLimits, type TestPlatform } from '../../testing/index.js';
import { SIGN_IN_FLOOR_MS } from './sign-in.controller.js';

/**
 * Security review (issue 15), finding 5: « `DRſOPER01` (U+017F) with the right password signed in as `DRSOPER01`:
 * the throttle keys on toLowerCase, sign-in on toUpperCase, so each S or I doubled the 10-a-minute budget ».
 * One normalisation everywhere (ASCII letters and digits, upper-cased); anything else is an unknown identifier.
 */
describe('look-alike identifiers (PGlite, real argon2)', () => {
  let platform: TestPlatform;
  const PASSWORD = 'Operateur#Alike2025';

  const login = (identifier: string, password: string) => platform.api('POST', '/api/auth/login', { body: { identifier, password } });
  const timed = async (identifier: string, password: string) => {
    const started = performance.now();
    const answer = await login(identifier, password);
    return { ...answer, took: performance.now() - started };
  };

  beforeAll(async () => {
    platform = await startTestPlatform();
    await platform.app.get(Operators).createIfMissing({
      accountId: randomUUID(),
      identifier: 'DRSOPER01',
      passwordHash: await platform.app.get(PasswordHasher).hash(PASSWORD),
      roles: ['drs', 'auditor'],
      displayName: 'Opérateur DRSOPER01',
    });
  }, 120_000);
  afterAll(() => platform.close());

  it('answers `DRſOPER01` with the right password as an unknown identifier: same 401 body, same floor', async () => {
    const wrong = await login('DRSOPER01', 'Mauvais#2024');
    const unknown = await login('INCONNU01', PASSWORD);
    for (const alike of ['DRſOPER01', 'drſoper01', 'ＤＲＳＯＰＥＲ01', 'DRSOPER01.', 'DRS OPER01', 'DRSOPER01\u200b']) {
      const answer = await timed(alike, PASSWORD);
      expect({ alike, status: answer.status }).toEqual({ alike, status: 401 });
      expect(answer.body).toEqual(unknown.body);
      expect(answer.body).toEqual(wrong.body);
      expect(answer.took).toBeGreaterThanOrEqual(SIGN_IN_FLOOR_MS - 5);
    }
    // The genuine identifier, in any case and with stray spaces, still signs in.
    expect((await login(' drsoper01 ', PASSWORD)).status).toBe(200);
  });

  it('does not double the budget: 10 attempts mixing drsoper01, DRSOPER01, DRſOPER01, drſoper01, then the 11th is 429', async () => {
    await withAttemptLimits(platform, async (limitTo) => {
      limitTo({ perAddress: 1_000, perSubject: 10, windowMs: 60_000 });
      const mix = ['drsoper01', 'DRSOPER01', 'DRſOPER01', 'drſoper01'];
      for (let i = 0; i < 10; i += 1) {
        const answer = await login(mix[i % mix.length]!, PASSWORD);
        expect(answer.status).not.toBe(429);
      }
      for (const identifier of mix) {
        const throttled = await login(identifier, PASSWORD);
        expect({ identifier, status: throttled.status }).toEqual({ identifier, status: 429 });
      }
      // Garbage that normalises to nothing still has a budget of its own.
      for (let i = 0; i < 10; i += 1) expect((await login('n’importe quoi', 'x')).status).toBe(401);
      expect((await login('n’importe quoi', 'x')).status).toBe(429);
    });
  });

  it('asks « Mot de passe oublié ? » for nothing on a look-alike of an employer identifier', async () => {
    const { adminToken } = await registerEmployerWithAdministrator(platform, 51);
    // Sophie Simon → `SSI000…`: every letter has a look-alike that Unicode upper-cases to it.
    const user = await activeUser(platform, adminToken, { firstName: 'Sophie', lastName: 'Simon', email: 'sophie.simon@chu.fr', emailConfirmation: 'sophie.simon@chu.fr' });
    expect(user.identifier).toMatch(/^SSI\d{6}$/);
    const resetLinks = async () => {
      const { rows } = await platform.db.query<{ n: string }>(
        `select count(*)::text as n from auth.outgoing_links where account_id = $1 and purpose = 'password-reset'`,
        [user.id],
      );
      return Number(rows[0]!.n);
    };
    const alike = `ſſı${user.identifier.slice(3)}`;
    expect((await platform.api('POST', '/api/password/forgotten', { body: { identifier: alike } })).status).toBe(202);
    expect(await resetLinks()).toBe(0);
    // And sign-in with it does not count as a failure on the genuine account.
    expect((await login(alike, 'Mauvais#2024')).status).toBe(401);
    const events = await platform.app.get<EventStore>(EVENT_STORE).readStream(`account-${user.id}`);
    expect(events.map((e) => e.type)).toContain('account.signed-in');
    expect(events.map((e) => e.type)).not.toContain('account.sign-in-failed');

    expect((await platform.api('POST', '/api/password/forgotten', { body: { identifier: user.identifier.toLowerCase() } })).status).toBe(202);
    expect(await resetLinks()).toBe(1);
  });
});
