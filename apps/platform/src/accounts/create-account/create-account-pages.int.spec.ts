import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { POSTAL_ADDRESS_MAX_LINE_LENGTH, POSTAL_ADDRESS_MAX_LINES } from '@peps/domain';
import { browsePage, csrfIn, guideAddress, invitedUser, sendPage, startWithAdministrator, STRONG_PASSWORD, type Jar, type TestPlatform } from '../../testing/index.js';

// Issue 18, « What was seen »: the wizard's address, its gate and its button, the printed identifier, the password links.
describe('« Créer un compte » and the password links, as pages (PGlite)', () => {
  let platform: TestPlatform;
  let adminIdentifier: string;
  let adminToken: string;
  let jar: Jar;

  beforeAll(async () => {
    ({ platform, adminToken, admin: { identifier: adminIdentifier } } = await startWithAdministrator(182));
    jar = {};
    const signIn = await browsePage(platform, 'GET', '/', jar);
    const signedIn = await browsePage(platform, 'POST', '/connexion', jar, { _csrf: csrfIn(signIn.text), identifier: adminIdentifier, password: STRONG_PASSWORD });
    expect(signedIn.status).toBe(303);
  }, 120_000);
  afterAll(() => platform.close());

  const textareaOf = (html: string) => /<textarea[^>]*name="professionalAddress"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1];
  const decode = (text: string) => text.replace(/&#x3D;/g, '=').replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
  const form = (csrf: string, professionalAddress: string, extra: Record<string, string> = {}) => ({
    _csrf: csrf,
    profile: 'administrator',
    civility: 'monsieur',
    lastName: 'Louty',
    firstName: 'Jean',
    email: 'jean.louty@etablissement182.fr',
    emailConfirmation: 'jean.louty@etablissement182.fr',
    phone: '',
    professionalAddress,
    ...extra,
  });

  it('given the wizard, when an address breaks the norm, then step 1 refuses it with the domain’s message and the limits in the hint', async () => {
    const start = await browsePage(platform, 'GET', '/comptes/nouveau', jar);
    expect(start.status).toBe(200);
    expect(start.text).toContain(`au plus ${POSTAL_ADDRESS_MAX_LINES} lignes de ${POSTAL_ADDRESS_MAX_LINE_LENGTH} caractères au plus`);
    const refused = await browsePage(platform, 'POST', '/comptes/nouveau', jar, form(csrfIn(start.text), `${'A'.repeat(POSTAL_ADDRESS_MAX_LINE_LENGTH + 1)}\n44035 NANTES`, { step: '1', go: 'next' }));
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Etape 1');
    expect(decode(refused.text)).toContain(`La ligne 1 de l'adresse dépasse ${POSTAL_ADDRESS_MAX_LINE_LENGTH} caractères.`);
  });

  it('given a valid address, when going to step 2 and back twice, then the address is unchanged and step 2’s button reads « Créer le compte »', async () => {
    const address = guideAddress.join('\n');
    let csrf = csrfIn((await browsePage(platform, 'GET', '/comptes/nouveau', jar)).text);
    let shown = address;
    for (let round = 0; round < 2; round += 1) {
      const two = await browsePage(platform, 'POST', '/comptes/nouveau', jar, form(csrf, shown, { step: '1', go: 'next' }));
      expect(two.status).toBe(200);
      expect(two.text).toContain('>Créer le compte</button>');
      const back = await browsePage(platform, 'POST', '/comptes/nouveau', jar, form(csrfIn(two.text), shown, { step: '2', go: 'previous' }));
      shown = decode(textareaOf(back.text) ?? '');
      csrf = csrfIn(back.text);
    }
    expect(shown).toBe(address);
  });

  it('given Élise Doublon already has an account, when the wizard is filled for her again (case and accents aside), then step 2 warns and only an explicit confirmation creates a second one', async () => {
    const existing = await invitedUser(platform, adminToken, { lastName: 'Doublon', firstName: 'Élise', email: 'elise.doublon@etablissement182.fr', emailConfirmation: 'elise.doublon@etablissement182.fr' });
    const twin = (csrf: string, extra: Record<string, string>) =>
      form(csrf, '', { profile: 'user', lastName: 'DOUBLON', firstName: 'Elise', email: 'Elise.Doublon@etablissement182.fr', emailConfirmation: 'Elise.Doublon@etablissement182.fr', ...extra });
    const two = await browsePage(platform, 'POST', '/comptes/nouveau', jar, twin(csrfIn((await browsePage(platform, 'GET', '/comptes/nouveau', jar)).text), { step: '1', go: 'next' }));
    expect(two.status).toBe(200);
    expect(two.text).toContain(`identifiant <span class="mono">${existing.identifier}</span>`);
    expect(two.text).toContain(`href="/comptes/${existing.id}"`);
    expect(two.text).toContain('name="confirmSecondAccount"');

    const before = await platform.eventCount({ decisionsOnly: true });
    const refused = await browsePage(platform, 'POST', '/comptes/nouveau', jar, twin(csrfIn(two.text), { step: '2', go: 'create' }));
    expect(refused.status).toBe(409);
    expect(decode(refused.text)).toContain('Cochez la case « Créer quand même un second compte pour cette personne »');
    expect(await platform.eventCount({ decisionsOnly: true })).toBe(before);

    const confirmed = await browsePage(platform, 'POST', '/comptes/nouveau', jar, twin(csrfIn(refused.text), { step: '2', go: 'create', confirmSecondAccount: 'oui' }));
    expect(confirmed.status).toBe(303);
    const second = /\/comptes\/([0-9a-f-]{36})\/identifiant/.exec(String(confirmed.location))?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(existing.id);
  });

  it('given a namesake with another e-mail, when the wizard reaches step 2, then no warning is shown', async () => {
    await invitedUser(platform, adminToken, { lastName: 'Homonyme', firstName: 'Paul', email: 'paul.homonyme@etablissement182.fr', emailConfirmation: 'paul.homonyme@etablissement182.fr' });
    const two = await browsePage(
      platform,
      'POST',
      '/comptes/nouveau',
      jar,
      form(csrfIn((await browsePage(platform, 'GET', '/comptes/nouveau', jar)).text), '', { profile: 'user', lastName: 'Homonyme', firstName: 'Paul', email: 'p.homonyme@etablissement182.fr', emailConfirmation: 'p.homonyme@etablissement182.fr', step: '1', go: 'next' }),
    );
    expect(two.status).toBe(200);
    expect(two.text).toContain('>Créer le compte</button>');
    expect(two.text).not.toContain('confirmSecondAccount');
  });

  it('given a created account, then the identifier page prints the platform address, the employer and the date', async () => {
    const { id, identifier } = await invitedUser(platform, adminToken, { email: 'imprime@etablissement182.fr', emailConfirmation: 'imprime@etablissement182.fr' });
    const sheet = await sendPage(platform, 'GET', `/comptes/${id}/identifiant`, jar);
    expect(sheet.status).toBe(200);
    expect(sheet.text).toContain(identifier);
    expect(sheet.text).toContain(`Plateforme Employeurs Publics : ${platform.config.publicUrl.replace(/\/+$/, '')}`);
    expect(sheet.text).toContain('Employeur : ETABLISSEMENT 182');
    const today = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date());
    expect(sheet.text).toContain(`Compte créé le ${today}`);
  });

  it('given an already used password-creation link, when it is opened, then one sentence names the administrator and no form is shown', async () => {
    const { id } = await invitedUser(platform, adminToken, { email: 'lien.use@etablissement182.fr', emailConfirmation: 'lien.use@etablissement182.fr' });
    const token = await platform.linkToken(id);
    const fresh = await sendPage(platform, 'GET', `/mot-de-passe/creer?jeton=${encodeURIComponent(token)}`, {});
    expect(fresh.status).toBe(200);
    expect(fresh.text).toContain('data-password-form');
    const used = await platform.api('POST', '/api/password/setup', { body: { token, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
    expect(used.status).toBe(200);
    const opened = await sendPage(platform, 'GET', `/mot-de-passe/creer?jeton=${encodeURIComponent(token)}`, {});
    expect(opened.status).toBe(410);
    expect(opened.text).not.toContain('data-password-form');
    expect(decode(opened.text)).toContain(
      "Ce lien n'est plus valable (il a déjà servi ou a été remplacé par un plus récent) : demandez à Madame Martin, votre administrateur, un nouveau lien.",
    );
  });

  it('given an unknown reset link, when it is opened, then it says so and points to « Mot de passe oublié ? »', async () => {
    const opened = await sendPage(platform, 'GET', '/mot-de-passe/reinitialiser?jeton=inconnu', {});
    expect(opened.text).not.toContain('data-password-form');
    expect(decode(opened.text)).toContain("Ce lien n'est pas valide : refaites une demande de mot de passe oublié.");
    expect(opened.text).toContain('href="/mot-de-passe-oublie"');
  });
});
