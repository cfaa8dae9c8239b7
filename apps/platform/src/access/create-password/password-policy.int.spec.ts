import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { accountBody, startWithAdministrator, STRONG_PASSWORD, type TestPlatform } from '../../testing/index.js';

// Security review, issue 15 finding 8: POST /api/password/setup accepted the holder's name, identifier and the
// employer's name. The policy now knows whose password it is (names, identifier, employer's name).
describe('POST /api/password/setup: the password policy knows the holder and the employer (PGlite)', () => {
  let platform: TestPlatform;
  let admin: string;
  // Seed 0 is « CHRU DE NANTES ».
  beforeAll(async () => ({ platform, adminToken: admin } = await startWithAdministrator(0)));
  afterAll(() => platform.close());

  const setup = (token: string, password: string) =>
    platform.api('POST', '/api/password/setup', { body: { token, password, passwordConfirmation: password } });

  const holder = async (email: string) => {
    const created = await platform.api('POST', '/api/accounts', {
      token: admin,
      body: accountBody({ lastName: 'Policy', firstName: 'Pwb', email, emailConfirmation: email }),
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, identifier: created.body.identifier as string };
  };

  it('refuses the employer’s name, the holder’s name and identifier with a French field error, and the link still works', async () => {
    const { id, identifier } = await holder('pwb.policy@chu-nantes.fr');
    expect(identifier).toMatch(/^PPO\d{6}$/);
    const token = await platform.linkToken(id);
    const events = await platform.eventCount();

    for (const [password, message] of [
      ['Chru2026!', 'Le mot de passe ne doit pas contenir le nom de votre établissement.'],
      ['Pwb Policy1!', 'Le mot de passe ne doit pas contenir votre nom, votre prénom ou votre identifiant.'],
      [`${identifier}!a`, 'Le mot de passe ne doit pas contenir votre nom, votre prénom ou votre identifiant.'],
      ['Azerty123!!', 'Ce mot de passe est trop courant : choisissez-en un autre.'],
    ]) {
      const refused = await setup(token, password);
      expect({ password, status: refused.status, errors: refused.body.errors }).toEqual({ password, status: 400, errors: [{ field: 'password', message }] });
    }

    // Nothing changed: no event, the account still invited, and the same link then creates the password.
    expect(await platform.eventCount()).toBe(events);
    expect((await platform.api('GET', `/api/accounts/${id}`, { token: admin })).body.status).toBe('invited');
    const done = await setup(token, STRONG_PASSWORD);
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ identifier });
    expect((await platform.api('POST', '/api/auth/login', { body: { identifier, password: STRONG_PASSWORD } })).status).toBe(200);
  });

  it('applies the same policy to a reset link', async () => {
    const { id, identifier } = await holder('pwb.reset@chu-nantes.fr');
    expect((await setup(await platform.linkToken(id), STRONG_PASSWORD)).status).toBe(200);
    expect((await platform.api('POST', '/api/password/forgotten', { body: { identifier } })).status).toBe(202);
    const token = await platform.linkToken(id, 'password-reset');

    const refused = await setup(token, 'Nantes#2026x');
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ field: 'password', message: 'Le mot de passe ne doit pas contenir le nom de votre établissement.' }]);
    const reset = await setup(token, 'Velo#Rouge-Matin42');
    expect(reset.status).toBe(200);
    expect((await platform.api('POST', '/api/auth/login', { body: { identifier, password: 'Velo#Rouge-Matin42' } })).status).toBe(200);
  });
});
