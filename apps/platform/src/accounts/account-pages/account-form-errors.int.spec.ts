import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { activeUser, startWithAdministrator, STRONG_PASSWORD, type TestPlatform } from '../../testing/index.js';

/** The account form's errors come from one place, the domain: the pages show what the API answers, word for word. */
describe('account form errors: the pages say what the API says', () => {
  let platform: TestPlatform;
  let adminToken: string;
  let cookie: string;
  let csrf: string;

  const bad = { email: 'jean@chu', emailConfirmation: 'jean@chu' };
  const badAddress = ['5 RUE DU PORT', 'NANTES'];

  const post = async (path: string, form: Record<string, string>) => {
    const response = await fetch(platform.url + path, {
      method: 'POST',
      headers: { cookie, origin: platform.url, 'sec-fetch-site': 'same-origin', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
      redirect: 'manual',
    });
    return { status: response.status, html: await response.text() };
  };

  /** The message shown under a field, as text. */
  const shownFor = (html: string, field: string) =>
    new RegExp(`id="${field}-erreur"><span class="visually-hidden">Erreur : </span>([^<]*)</p>`)
      .exec(html)?.[1]
      ?.replace(/&#x27;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');

  const apiSays = (body: { errors: { field: string; message: string }[] }, field: string) => body.errors.find((e) => e.field === field)?.message;

  beforeAll(async () => {
    const started = await startWithAdministrator(161);
    ({ platform, adminToken } = started);
    const login = await platform.api('POST', '/api/auth/login', { body: { identifier: started.admin.identifier, password: STRONG_PASSWORD } });
    csrf = login.body.csrfToken;
    cookie = `${login.headers.get('set-cookie')!.split(';')[0]}; peps_csrf=${csrf}`;
  }, 120_000);
  afterAll(() => platform.close());

  it('creating an administrator with a bad e-mail and a bad address: step 1, the creation and the API give the same messages', async () => {
    const contact = { profile: 'administrator', civility: 'monsieur', lastName: 'Louty', firstName: 'Jean', ...bad };
    const api = await platform.api('POST', '/api/accounts', { token: adminToken, body: { ...contact, professionalAddress: badAddress } });
    expect(api.status).toBe(400);
    const email = apiSays(api.body, 'email');
    const address = apiSays(api.body, 'professionalAddress');
    expect(email).toBe("Le courriel n'est pas valide (exemple : monmail@employeur.fr).");
    expect(address).toBe("La dernière ligne de l'adresse doit commencer par le code postal à 5 chiffres suivi de la commune.");

    const form = { ...contact, professionalAddress: badAddress.join('\n') };
    const stepOne = await post('/comptes/nouveau', { step: '1', go: 'next', ...form });
    expect(stepOne.status).toBe(400);
    expect([shownFor(stepOne.html, 'email'), shownFor(stepOne.html, 'professionalAddress')]).toEqual([email, address]);

    const creation = await post('/comptes/nouveau', { step: '2', go: 'create', ...form });
    expect(creation.status).toBe(400);
    expect([shownFor(creation.html, 'email'), shownFor(creation.html, 'professionalAddress')]).toEqual([email, address]);
  });

  it('changing an account to a bad e-mail and a bad address: the page shows the API’s messages', async () => {
    const user = await activeUser(platform, adminToken, { firstName: 'Anne', lastName: 'Change', email: 'anne.change@chu.fr', emailConfirmation: 'anne.change@chu.fr' });
    const account = await platform.api('GET', `/api/accounts/${user.id}`, { token: adminToken });
    const contact = { civility: 'madame', lastName: 'Change', firstName: 'Anne', ...bad, professionalAddress: badAddress };
    const api = await platform.api('PATCH', `/api/accounts/${user.id}`, { token: adminToken, body: { expectedVersion: account.body.version, contact } });
    expect(api.status).toBe(400);

    const shown = await post(`/comptes/${user.id}`, { _tab: 'coordonnees', expectedVersion: String(account.body.version), ...contact, professionalAddress: badAddress.join('\n') });
    expect(shown.status).toBe(400);
    expect([shownFor(shown.html, 'email'), shownFor(shown.html, 'professionalAddress')]).toEqual([apiSays(api.body, 'contact.email'), apiSays(api.body, 'contact.professionalAddress')]);
    expect(apiSays(api.body, 'contact.email')).toBe("Le courriel n'est pas valide (exemple : monmail@employeur.fr).");
  });
});
