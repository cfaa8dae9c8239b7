import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { browsePage, csrfIn, registerEmployerWithAdministrator, startTestPlatform, STRONG_PASSWORD, type Jar, type TestPlatform } from '../../testing/index.js';

jest.setTimeout(180_000);

describe('the header and the return to the page asked for, signed in through the pages (PGlite)', () => {
  let platform: TestPlatform;
  let admin: { id: string; identifier: string };

  beforeAll(async () => {
    platform = await startTestPlatform();
    ({ admin } = await registerEmployerWithAdministrator(platform, 181));
  });
  afterAll(async () => {
    await platform?.close();
  });

  const signInFrom = async (jar: Jar): Promise<string | null> => {
    const form = await browsePage(platform, 'GET', '/', jar);
    const answer = await browsePage(platform, 'POST', '/connexion', jar, { _csrf: csrfIn(form.text), identifier: admin.identifier, password: STRONG_PASSWORD });
    expect(answer.status).toBe(303);
    return answer.location;
  };

  it('given a visitor sent to sign in from /comptes?page=1, when the sign-in succeeds, then they land on /comptes?page=1', async () => {
    const jar: Jar = {};
    const asked = await browsePage(platform, 'GET', '/comptes?page=1', jar);
    expect(asked.status).toBe(303);
    expect(asked.location).toBe('/');
    expect(await signInFrom(jar)).toBe('/comptes?page=1');
    // Once only: the next sign-in goes home.
    expect(jar.peps_return ?? '').toBe('');
  });

  it('given a visitor who asked for no protected page, when the sign-in succeeds, then they land on the home page', async () => {
    expect(await signInFrom({})).toBe('/');
  });

  it('given a forged return cookie naming another site, when the sign-in succeeds, then it is refused and they land home', async () => {
    for (const forged of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      expect(await signInFrom({ peps_return: encodeURIComponent(forged) })).toBe('/');
    }
  });

  it('given a signed-in administrator, when a page is shown, then the header names their establishment', async () => {
    const jar: Jar = {};
    await signInFrom(jar);
    const home = await browsePage(platform, 'GET', '/', jar);
    expect(home.text).toContain('Établissement : <strong>ETABLISSEMENT 181</strong>');
  });

  it('given an administrator on the deletion page of their own account, then it warns of the immediate loss of access and the last-administrator rule', async () => {
    const jar: Jar = {};
    await signInFrom(jar);
    const own = await browsePage(platform, 'GET', `/comptes/${admin.id}/suppression`, jar);
    expect(own.status).toBe(200);
    expect(own.text).toContain('perdrez immédiatement l’accès');
    expect(own.text).toContain('Le dernier administrateur de l’établissement ne peut pas être supprimé');
  });
});
