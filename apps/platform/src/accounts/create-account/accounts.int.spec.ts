import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { accountBody, activeUser, employerWithAdministrator, establishmentBody, guideAddress, signInOperator, startTestPlatform, STRONG_PASSWORD, type TestPlatform } from '../../testing/index.js';

describe('accounts over HTTP (PGlite)', () => {
  let platform: TestPlatform;
  let drs: string;

  beforeAll(async () => {
    platform = await startTestPlatform();
    drs = await signInOperator(platform);
  });
  afterAll(() => platform.close());

  it("follows the guide: DRS registers CHRU DE NANTES, the administrator creates Jean Louty, who creates his password and signs in", async () => {
    const registered = await platform.api('POST', '/api/establishments', { token: drs, body: establishmentBody(0) });
    expect(registered.status).toBe(201);
    expect(registered.body.firstAdministrator.identifier).toMatch(/^CMA\d{6}$/);

    const adminId = registered.body.firstAdministrator.id;
    const adminLink = await platform.linkToken(adminId);
    const setup = await platform.api('POST', '/api/password/setup', {
      body: { token: adminLink, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD },
    });
    expect(setup.status).toBe(200);
    const admin = await platform.signIn(registered.body.firstAdministrator.identifier.toLowerCase(), STRONG_PASSWORD);

    const created = await platform.api('POST', '/api/accounts', { token: admin, body: accountBody() });
    expect(created.status).toBe(201);
    expect(created.body.identifier).toMatch(/^JLO\d{6}$/);

    const details = await platform.api('GET', `/api/accounts/${created.body.id}`, { token: admin });
    expect(details.status).toBe(200);
    expect(details.body).toMatchObject({ identifier: created.body.identifier, status: 'invited', profile: 'user', lastName: 'Louty', version: 2 });
    // Omitted rights take the employer's defaults (the guide's "same rights as E-services").
    expect(details.body.rights['affiliation-cnracl']).toBe('write');
    expect(details.body.rights['validation-titulaire-sans-droit-ircantec']).toBe('none');
    expect(JSON.stringify(details.body)).not.toMatch(/passwordHash|tokenHash/);

    const link = await platform.linkToken(created.body.id);
    const weak = await platform.api('POST', '/api/password/setup', { body: { token: link, password: 'louty', passwordConfirmation: 'louty' } });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0]).toEqual({ field: 'password', message: expect.stringContaining('Votre mot de passe doit être composé au minimum de') });

    const done = await platform.api('POST', '/api/password/setup', { body: { token: link, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ identifier: created.body.identifier });
    const again = await platform.api('POST', '/api/password/setup', { body: { token: link, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
    expect(again.status).toBe(410);

    const login = await platform.api('POST', '/api/auth/login', { body: { identifier: created.body.identifier.toLowerCase(), password: STRONG_PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ token: expect.any(String), csrfToken: expect.any(String), account: { identifier: created.body.identifier, roles: ['user'], displayName: 'M. Jean Louty' } });
    expect(login.headers.get('set-cookie')).toMatch(/^peps_session=[^;]+;.*HttpOnly/i);
    expect(login.headers.get('set-cookie')).toMatch(/SameSite=Lax/i);

    const services = await platform.api('GET', '/api/services', { token: login.body.token });
    expect(services.status).toBe(200);
    expect(services.body.families.map((f: { label: string }) => f.label)).toEqual(['Carrière', 'Droits à pension', 'Déclarations et cotisations', 'Fonds']);
  });

  describe('rejections', () => {
    let admin: string;
    let adminIdentifier: string;
    let employerId: string;
    beforeAll(async () => {
      let first;
      ({ adminToken: admin, employerId, admin: first } = await employerWithAdministrator(platform, drs, 1));
      adminIdentifier = first.identifier;
    });
    /** Moving the clock past the idle timeout ends every session: sign in again at real time. */
    async function resetClock() {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
      admin = await platform.signIn(adminIdentifier, STRONG_PASSWORD);
      drs = await signInOperator(platform);
    }

    it('reports every missing field of the account form at once, in French', async () => {
      const answer = await platform.api('POST', '/api/accounts', { token: admin, body: { profile: 'administrator', civility: 'monsieur', lastName: 'Louty', firstName: 'Jean', email: 'jean@chu.fr', emailConfirmation: 'autre@chu.fr' } });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'emailConfirmation', message: 'La confirmation du courriel ne correspond pas au courriel saisi.' },
          { field: 'professionalAddress', message: "L'adresse professionnelle est obligatoire pour un compte administrateur." },
        ]),
      );
    });

    it('refuses unknown services and levels', async () => {
      const answer = await platform.api('POST', '/api/accounts', { token: admin, body: accountBody({ rights: { inconnu: 'write', 'affiliation-cnracl': 'admin' } }) });
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual(expect.arrayContaining([{ field: 'rights.inconnu', message: 'Ce service est inconnu.' }]));
    });

    it('refuses administrator → user with 409, accepts user → administrator', async () => {
      const user = await activeUser(platform, admin, { firstName: 'Anne', lastName: 'Promue', email: 'anne@chu.fr', emailConfirmation: 'anne@chu.fr' });
      const before = await platform.api('GET', `/api/accounts/${user.id}`, { token: admin });
      const promoted = await platform.api('PATCH', `/api/accounts/${user.id}`, {
        token: admin,
        body: { expectedVersion: before.body.version, profile: 'administrator', contact: { professionalAddress: guideAddress, phone: '02 41 05 19 39' }, rights: { 'declarations-fnc': 'write' } },
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body.changes).toBe(3);
      const back = await platform.api('PATCH', `/api/accounts/${user.id}`, { token: admin, body: { expectedVersion: promoted.body.version, profile: 'user' } });
      expect(back.status).toBe(409);
      expect(back.body.message).toBe('Un compte administrateur ne peut pas devenir utilisateur. Pour cela, supprimez le compte puis recréez-le en tant qu’utilisateur.');
      // The promotion shows at the next sign-in only.
      const session = await platform.api('GET', '/api/auth/session', { token: user.token });
      expect(session.body.account.roles).toEqual(['user']);
      const again = await platform.signIn(user.identifier, STRONG_PASSWORD);
      expect((await platform.api('GET', '/api/auth/session', { token: again })).body.account.roles).toEqual(['administrator']);
    });

    it('answers 409 to a stale expected version', async () => {
      const user = await activeUser(platform, admin, { firstName: 'Paul', lastName: 'Version', email: 'paul@chu.fr', emailConfirmation: 'paul@chu.fr' });
      const stale = await platform.api('PATCH', `/api/accounts/${user.id}`, { token: admin, body: { expectedVersion: 1, rights: { 'declarations-fnc': 'write' } } });
      expect(stale.status).toBe(409);
    });

    it('refuses to delete the last administrator (409), deletes a user (204) and ends its sessions', async () => {
      const alone = await employerWithAdministrator(platform, drs, 6);
      const last = await platform.api('DELETE', `/api/accounts/${alone.admin.id}`, { token: alone.adminToken });
      expect(last.status).toBe(409);
      expect(last.body.message).toBe("Le dernier administrateur de l'établissement ne peut pas être supprimé.");

      const user = await activeUser(platform, admin, { firstName: 'Luc', lastName: 'Supprime', email: 'luc@chu.fr', emailConfirmation: 'luc@chu.fr' });
      expect((await platform.api('GET', '/api/services', { token: user.token })).status).toBe(200);
      expect((await platform.api('DELETE', `/api/accounts/${user.id}`, { token: admin })).status).toBe(204);
      expect((await platform.api('GET', '/api/services', { token: user.token })).status).toBe(401);
      expect((await platform.api('POST', '/api/auth/login', { body: { identifier: user.identifier, password: STRONG_PASSWORD } })).status).toBe(401);
    });

    it('kills the previous link when a new invitation is sent', async () => {
      const created = await platform.api('POST', '/api/accounts', { token: admin, body: accountBody({ firstName: 'Eve', email: 'eve@chu.fr', emailConfirmation: 'eve@chu.fr' }) });
      const first = await platform.linkToken(created.body.id);
      expect((await platform.api('POST', `/api/accounts/${created.body.id}/invitation`, { token: admin })).status).toBe(202);
      const second = await platform.linkToken(created.body.id);
      expect(second).not.toBe(first);
      const old = await platform.api('POST', '/api/password/setup', { body: { token: first, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
      expect(old.status).toBe(410);
      expect(old.body.message).toContain('remplacé par un lien plus récent');
      expect((await platform.api('POST', '/api/password/setup', { body: { token: 'inconnu', password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } })).status).toBe(404);
    });

    it('answers 410 to a password-creation link older than 15 days', async () => {
      const created = await platform.api('POST', '/api/accounts', { token: admin, body: accountBody({ firstName: 'Old', email: 'old@chu.fr', emailConfirmation: 'old@chu.fr' }) });
      const link = await platform.linkToken(created.body.id);
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 16 * 86_400_000).toISOString() } });
      try {
        const late = await platform.api('POST', '/api/password/setup', { body: { token: link, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
        expect(late.status).toBe(410);
        expect(late.body.message).toContain('15 jours');
      } finally {
        await resetClock();
      }
    });

    it('hides another employer’s accounts (404) from its administrators', async () => {
      const other = await employerWithAdministrator(platform, drs, 2);
      const user = await activeUser(platform, admin, { firstName: 'Zoe', lastName: 'Cachee', email: 'zoe@chu.fr', emailConfirmation: 'zoe@chu.fr' });
      for (const [method, path, body] of [
        ['GET', `/api/accounts/${user.id}`, undefined],
        ['PATCH', `/api/accounts/${user.id}`, { expectedVersion: 3, rights: { 'declarations-fnc': 'write' } }],
        ['DELETE', `/api/accounts/${user.id}`, undefined],
        ['POST', `/api/accounts/${user.id}/invitation`, undefined],
        ['POST', `/api/accounts/${user.id}/unlock`, undefined],
      ] as const) {
        const answer = await platform.api(method, path, { token: other.adminToken, body });
        expect([method, path, answer.status]).toEqual([method, path, 404]);
        expect(answer.body.message).toBe('Compte introuvable.');
      }
      expect((await platform.api('GET', `/api/accounts/${user.id}`, { token: drs })).status).toBe(200);
      expect(employerId).not.toBe(other.employerId);
    });

    it('refuses terms-of-use validation before 8 days (403), accepts after', async () => {
      expect((await platform.api('POST', '/api/cgu/versions', { token: drs, body: { version: '2024-1', text: 'Conditions générales…' } })).status).toBe(201);
      const early = await platform.api('POST', '/api/cgu/versions/2024-1/acceptance', { token: admin });
      expect(early.status).toBe(403);
      expect(early.body.message).toContain('8 jours');
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 9 * 86_400_000).toISOString() } });
      try {
        // A fresh session: the idle timeout runs on the platform clock too.
        const later = await platform.signIn(adminIdentifier, STRONG_PASSWORD);
        const accepted = await platform.api('POST', '/api/cgu/versions/2024-1/acceptance', { token: later });
        expect(accepted.status).toBe(201);
        expect((await platform.api('POST', '/api/cgu/versions/2024-1/acceptance', { token: later })).status).toBe(409);
      } finally {
        await resetClock();
      }
      expect((await platform.api('POST', '/api/cgu/versions/2099-1/acceptance', { token: admin })).status).toBe(404);
    });
  });

  describe('malformed requests write nothing', () => {
    let admin: string;
    beforeAll(async () => {
      ({ adminToken: admin } = await employerWithAdministrator(platform, drs, 3));
    });

    it.each([
      ['malformed JSON', { raw: '{"profile": "user",' }, 'body'],
      ['wrong types', { body: accountBody({ lastName: 42 }) }, 'lastName'],
      ['unknown fields', { body: accountBody({ isAdmin: true }) }, 'isAdmin'],
      ['a 1 MB string', { body: accountBody({ lastName: 'L'.repeat(1024 * 1024) }) }, 'lastName'],
      ['a 1 MB address line', { body: accountBody({ professionalAddress: ['x'.repeat(1024 * 1024)] }) }, 'professionalAddress'],
    ])('%s → 400 with a field error', async (_label, request, field) => {
      const before = await platform.eventCount();
      const answer = await platform.api('POST', '/api/accounts', { token: admin, ...request });
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      for (const error of answer.body.errors) expect(error.message).toMatch(/[àéèêçôû]|est |doit |ce champ|n’est|ne doit/i);
      expect(await platform.eventCount()).toBe(before);
    });

    it('nested unknown fields and wrong types in an establishment', async () => {
      const before = await platform.eventCount();
      const body = establishmentBody(4);
      (body.legalRepresentative as Record<string, unknown>).age = 3;
      (body.firstAdministrator as Record<string, unknown>).lastName = ['x'];
      const answer = await platform.api('POST', '/api/establishments', { token: drs, body });
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['legalRepresentative.age', 'firstAdministrator.lastName']));
      expect(await platform.eventCount()).toBe(before);
    });
  });

  it('allocates 200 distinct identifiers to 200 concurrent creations, without error', async () => {
    const { adminToken } = await employerWithAdministrator(platform, drs, 5);
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        platform.api('POST', '/api/accounts', {
          token: adminToken,
          body: accountBody({ profile: i % 10 === 0 ? 'administrator' : 'user', professionalAddress: guideAddress, email: `agent${i}@chu.fr`, emailConfirmation: `agent${i}@chu.fr` }),
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(201));
    const identifiers = new Set(answers.map((a) => a.body.identifier));
    expect(identifiers.size).toBe(200);
  }, 120_000);
});
