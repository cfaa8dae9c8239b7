import { absorb, browsePage, csrfIn, flashOf, type Jar } from '../../testing/page-browser.js';
import { registerEmployerWithAdministrator } from '../../testing/platform-fixtures.js';
import { guideAddress, OPERATOR, startTestPlatform, type TestPlatform } from '../../testing/test-platform.js';

// Issue 18: « failed deliveries with … a way to correct a wrong address ».
describe('The DRS corrects the legal representative an employer’s letters go to (API and page)', () => {
  let platform: TestPlatform;
  let drs: string;
  let admin: string;
  let employerId: string;
  const jar: Jar = {};
  const path = () => `/api/establishments/${employerId}/legal-representative`;
  const corrected = { civility: 'madame', lastName: 'Durand', firstName: 'Claire', function: 'Directrice générale', address: ['5 ALLEE DE L ILE GLORIETTE', '44093 NANTES CEDEX 1'] };

  beforeAll(async () => {
    platform = await startTestPlatform();
    const fixture = await registerEmployerWithAdministrator(platform, 0);
    ({ drsToken: drs, adminToken: admin, employerId } = fixture);
    const signIn = await browsePage(platform, 'GET', '/', jar);
    absorb(jar, signIn.setCookies);
    await browsePage(platform, 'POST', '/connexion', jar, { _csrf: csrfIn(signIn.text), identifier: OPERATOR.identifier, password: OPERATOR.password });
  }, 120_000);
  afterAll(() => platform?.close());

  it('given a registered employer, when the DRS reads its recipient, then it gets the representative with the address of the letters', async () => {
    const answer = await platform.api('GET', path(), { token: drs });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ id: employerId, name: 'CHRU DE NANTES', siret: expect.any(String), legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe', address: guideAddress } });
  });

  it('given an address over the letter’s 6 lines, when the DRS corrects it, then it is refused in French and nothing is recorded', async () => {
    const before = await platform.eventCount({ decisionsOnly: true });
    const answer = await platform.api('PUT', path(), { token: drs, body: { ...corrected, address: ['A', 'B', 'C', 'D', '44000 NANTES'] } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toContainEqual({
      field: 'address',
      message: "Le courrier au représentant légal compte au plus 6 lignes : avec son nom, sa fonction et le nom de l'établissement, il reste 3 lignes pour l'adresse (5 saisies).",
    });
    expect(await platform.eventCount({ decisionsOnly: true })).toBe(before);
  });

  it('refuses an administrator (403) and an unknown employer (404)', async () => {
    expect((await platform.api('PUT', path(), { token: admin, body: corrected })).status).toBe(403);
    expect((await platform.api('GET', '/api/establishments/00000000-0000-4000-8000-000000000000/legal-representative', { token: drs })).status).toBe(404);
  });

  it('given the page, when the DRS submits a corrected recipient, then it is recorded and the same correction twice is refused', async () => {
    const form = await browsePage(platform, 'GET', `/drs/etablissements/${employerId}/representant-legal`, jar);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Corriger le destinataire des courriers');
    expect(form.text).toContain('value="Dupont"');
    expect(form.text).toContain('5 ALLEE DE L ILE GLORIETTE\nBP 1005\n44035 NANTES CEDEX 1</textarea>');

    const refused = await browsePage(platform, 'POST', `/drs/etablissements/${employerId}/representant-legal`, jar, {
      _csrf: csrfIn(form.text), repCivility: 'madame', repLastName: 'Durand', repFirstName: 'Claire', repFunction: '', address: '5 ALLEE DE L ILE GLORIETTE',
    });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('aria-invalid="true"');
    expect(refused.text).toContain('code postal à 5 chiffres');

    const done = await browsePage(platform, 'POST', `/drs/etablissements/${employerId}/representant-legal`, jar, {
      _csrf: csrfIn(refused.text), repCivility: 'madame', repLastName: 'Durand', repFirstName: 'Claire', repFunction: 'Directrice générale', address: corrected.address.join('\r\n'),
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/drs/envois-en-echec');
    expect(flashOf(done.setCookies)?.message).toBe('Le destinataire des courriers de CHRU DE NANTES est corrigé. Aucun courrier en échec à relancer.');
    expect((await platform.api('GET', path(), { token: drs })).body.legalRepresentative).toEqual(corrected);

    const twice = await platform.api('PUT', path(), { token: drs, body: corrected });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toBe('Le représentant légal et son adresse sont déjà ceux-ci : rien n’a été modifié.');
  });
});
