import { beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { Page } from 'playwright-core';
import {
  AUDITOR,
  OPERATOR,
  STRONG_PASSWORD,
  activeUser,
  check,
  employerWithAdministrator,
  invitedUser,
  linkIn,
  screenshot,
  signInThroughPage,
  signOut,
  inChromium,
  type E2E,
} from './support.js';

jest.setTimeout(120_000);

describe('The back office in Chromium (guide journeys)', () => {
  let e2e: E2E;
  let url: string;
  let drsToken: string;
  let employer: Awaited<ReturnType<typeof employerWithAdministrator>>;
  let page: Page;

  inChromium({ timeoutMs: 10_000 }, async (started, opened) => {
    e2e = started;
    page = opened;
    url = e2e.platform.url;
    drsToken = await e2e.platform.signIn(OPERATOR.identifier, OPERATOR.password);
    employer = await employerWithAdministrator(e2e.platform, drsToken, 0);
  });

  beforeEach(async () => {
    await e2e.context.clearCookies();
  });

  it('shows "Se connecter" with the guide wording, and the public pages', async () => {
    await page.goto(`${url}/`);
    await expect(page.title()).resolves.toContain('Se connecter');
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    await page.getByText("Identifiant jusqu'à 9 caractères (sauf tiret de l'inscription)").waitFor();
    for (const text of ['Identifiant oublié ?', 'Mot de passe oublié ?']) await page.getByRole('link', { name: text }).waitFor();
    await page.getByRole('button', { name: 'Me connecter' }).waitFor();
    await page.getByText('Etablissement pas encore inscrit ?').waitFor();
    await check(page, '01-se-connecter');

    await page.getByRole('link', { name: 'Inscrire un établissement' }).first().click();
    await page.getByRole('heading', { name: 'Inscrire un établissement' }).waitFor();
    await page.getByText('Direction des Retraites et de la Solidarité').first().waitFor();
    await check(page, '02-inscrire-un-etablissement');

    await page.goto(`${url}/identifiant-oublie`);
    await check(page, '03-identifiant-oublie');
    await page.getByLabel('Courriel').fill('personne@nulle-part.fr');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Si un compte correspond' }).waitFor();

    await page.goto(`${url}/mot-de-passe-oublie`);
    await check(page, '04-mot-de-passe-oublie');
    await page.getByLabel('Identifiant').fill('ZZZ999999');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByRole('status').filter({ hasText: 'Si ce compte existe' }).waitFor();
  });

  it("the guide's whole journey: the administrator creates Jean Louty, the mail's link, Générer, Jean signs in", async () => {
    await signInThroughPage(page, url, employer.admin.identifier, STRONG_PASSWORD);
    await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
    await check(page, '05-accueil-administrateur');

    // "Cliquez sur votre nom en haut à droite dans PEP's puis sur « Gestion des comptes »"
    await page.locator('.menu summary').click();
    await page.getByRole('navigation', { name: 'Menu du compte' }).getByRole('link', { name: 'Gestion des comptes' }).click();
    await page.getByRole('heading', { name: 'Gestion des comptes' }).waitFor();
    await check(page, '06-gestion-des-comptes');

    await page.getByRole('link', { name: 'Créer un compte' }).click();
    await page.getByText('Etape 1').waitFor();
    await check(page, '07-creer-un-compte-etape-1');

    // The next step is reachable only when required fields are valid.
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByText('Le nom est obligatoire.').waitFor();
    await check(page, '08-creer-un-compte-etape-1-erreurs');

    await page.getByLabel('Utilisateur').check();
    await page.getByLabel('Monsieur').check();
    await page.getByLabel('Nom', { exact: true }).fill('Louty');
    await page.getByLabel('Prénom').fill('Jean');
    await page.getByLabel('Courriel', { exact: true }).fill('jean.louty@chu-nantes.fr');
    await page.getByLabel('Confirmation du courriel').fill('jean.louty@chu-nantes.fr');
    await expect(page.getByLabel('Adresse professionnelle').isVisible()).resolves.toBe(false);
    await page.getByRole('button', { name: 'Suivant' }).click();

    await page.getByText('Etape 2').waitFor();
    await page.getByText('de M. Jean Louty').waitFor();
    // Pre-filled with the employer's defaults (the guide's table).
    await expect(page.getByLabel('Affiliation CNRACL : Modification').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Validation de titulaire sans droit Ircantec : Aucun').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('Validations de périodes CNRACL : Lecture seule').isChecked()).resolves.toBe(true);
    // "Masquer le détail" per family, whole-column choice per family.
    const pension = page.locator('fieldset[data-family="droits-a-pension"]');
    await pension.getByRole('button', { name: 'Masquer le détail' }).click();
    await expect(pension.locator('table').isVisible()).resolves.toBe(false);
    await pension.getByRole('button', { name: 'Afficher le détail' }).click();
    await pension.getByRole('button', { name: 'Lecture seule' }).click();
    await expect(page.getByLabel("Demande d'avis préalable CNRACL : Lecture seule").isChecked()).resolves.toBe(true);
    await check(page, '09-creer-un-compte-etape-2');

    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByText('Le compte de M. Jean Louty a bien été créé.').waitFor();
    await page.getByText('Identifiant de : M. Jean Louty').waitFor();
    const identifier = (await page.locator('.identifier-value').textContent())!.trim();
    expect(identifier).toMatch(/^JLO\d{6}$/);
    await page.getByRole('button', { name: 'Version sonore' }).click();
    await expect(page.getByRole('button', { name: 'Version sonore' }).getAttribute('data-spoken')).resolves.toBe(identifier.split('').join(', '));
    await page.getByRole('button', { name: "Imprimer l'identifiant" }).waitFor();
    await page.getByText('Vous devez maintenant lui communiquer son identifiant.').waitFor();
    await page.getByText('Un courriel sera adressé à M. Louty afin de créer son mot de passe.').waitFor();
    await check(page, '10-creer-un-compte-etape-3');
    // The print stylesheet keeps only the holder's name and the identifier.
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.important').isVisible()).resolves.toBe(false);
    await expect(page.locator('.site-header').isVisible()).resolves.toBe(false);
    await expect(page.locator('.identifier-value').isVisible()).resolves.toBe(true);
    await screenshot(page, '11-impression-identifiant');
    await page.emulateMedia({ media: 'screen' });

    await signOut(page);

    // The mail arrives through SMTP; its link opens the password page.
    const mail = await e2e.smtp.waitFor('jean.louty@chu-nantes.fr');
    const link = linkIn(mail, url);
    const response = await page.goto(link);
    expect(response!.headers()['referrer-policy']).toBe('no-referrer');
    await page.getByRole('heading', { name: 'Créer votre mot de passe' }).waitFor();
    await check(page, '12-creer-votre-mot-de-passe');
    await page.getByRole('button', { name: 'Générer' }).click();
    const generated = (await page.locator('[data-generated-value]').textContent())!;
    expect(generated).toMatch(/^(?=.*\d)(?=.*[a-z])(?=.*[A-Z])(?=.*[^A-Za-z0-9]).{8,}$/);
    await expect(page.getByLabel('Confirmation du mot de passe').inputValue()).resolves.toBe(generated);
    await expect(page.locator('#password-regles li.ok').count()).resolves.toBe(5);
    await screenshot(page, '13-mot-de-passe-genere');
    await page.getByRole('button', { name: 'Créer mon mot de passe' }).click();
    await page.getByText('Votre mot de passe a bien été créé').waitFor();

    // The link is used: opening it again says so up front, naming who to ask, with no form to fill in vain.
    await page.goto(link);
    await page.getByRole('alert').filter({ hasText: /déjà servi.*demandez à/ }).waitFor();
    await expect(page.getByLabel('Mot de passe', { exact: true }).count()).resolves.toBe(0);
    await check(page, '14-lien-deja-utilise');

    // Jean signs in (any case) and sees his services.
    await signInThroughPage(page, url, identifier.toLowerCase(), generated);
    await page.getByRole('heading', { name: 'Bonjour M. Jean Louty' }).waitFor();
    await page.getByText('Utilisateur', { exact: true }).first().waitFor();
    await page.getByText('Affiliation CNRACL').waitFor();
    await expect(page.getByText('Validation de titulaire sans droit Ircantec').count()).resolves.toBe(0);
    await page.locator('.menu summary').click();
    await expect(page.getByRole('link', { name: 'Gestion des comptes' }).count()).resolves.toBe(0);
    await check(page, '15-accueil-utilisateur');
    await signOut(page);
  });

  it('an expired link answers a clear French message', async () => {
    // Without a phone: an undefined field leaves accountBody's out.
    const user = await invitedUser(e2e.platform, employer.adminToken, { civility: 'madame', lastName: 'Expire', firstName: 'Eva', email: 'eva@chu.fr', emailConfirmation: 'eva@chu.fr', phone: undefined });
    const token = await e2e.platform.linkToken(user.id);
    const clock = await e2e.platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 16 * 86_400_000).toISOString() } });
    expect(clock.status).toBeLessThan(300);
    try {
      await page.goto(`${url}/mot-de-passe/creer?jeton=${token}`);
      // The problem up front, naming who to ask; no form to fill in vain.
      await page.getByRole('alert').filter({ hasText: 'Ce lien a expiré : demandez à Madame Martin, votre administrateur, un nouveau lien.' }).waitFor();
      await expect(page.getByLabel('Mot de passe', { exact: true }).count()).resolves.toBe(0);
      await check(page, '16-lien-expire');
    } finally {
      await e2e.platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
    }
  });

  it('modifies an account across both tabs with one "Appliquer les modifications", then promotes it', async () => {
    const user = await activeUser(e2e.platform, employer.adminToken, { lastName: 'Durand', firstName: 'Paul', email: 'paul.durand@chu.fr', emailConfirmation: 'paul.durand@chu.fr' });
    await signInThroughPage(page, url, employer.admin.identifier, STRONG_PASSWORD);
    await page.goto(`${url}/comptes?search=Durand`);
    const row = page.locator('tr.account-row', { hasText: 'Durand' });
    await row.hover();
    await row.getByRole('link', { name: /Modifier/ }).click();
    await page.getByRole('heading', { name: /Modifier le compte de M. Paul Durand/ }).waitFor();
    await check(page, '17-modifier-ses-droits');

    // Rights tab: change one level; switch tab; change the phone; switch back: the rights change is still there.
    await page.getByLabel('Affiliation CNRACL : Lecture seule').check();
    await page.getByRole('tab', { name: 'Ses coordonnées' }).click();
    await expect(page.locator('#onglet-droits').isVisible()).resolves.toBe(false);
    await page.getByLabel('Téléphone').fill('0241051938');
    await check(page, '18-modifier-ses-coordonnees');
    await page.getByRole('tab', { name: 'Ses droits' }).click();
    await expect(page.getByLabel('Affiliation CNRACL : Lecture seule').isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Appliquer les modifications' }).click();
    await page.getByText('Les modifications ont bien été appliquées.').waitFor();
    const after = await e2e.platform.api('GET', `/api/accounts/${user.id}`, { token: employer.adminToken });
    expect(after.body.phone).toBe('0241051938');
    expect(after.body.rights['affiliation-cnracl']).toBe('read');

    // Version conflict: someone else changes the account meanwhile.
    await page.getByRole('tab', { name: 'Ses coordonnées' }).click();
    await page.getByLabel('Prénom').fill('Pierre');
    const other = await e2e.platform.api('PATCH', `/api/accounts/${user.id}`, {
      token: employer.adminToken,
      body: { expectedVersion: after.body.version, contact: { lastName: 'Durand-Martin' } },
    });
    expect(other.status).toBeLessThan(300);
    await page.getByRole('button', { name: 'Appliquer les modifications' }).click();
    await page.getByText("Ce compte a été modifié par quelqu'un d'autre").waitFor();
    await page.locator('.conflict dd', { hasText: 'Durand-Martin' }).waitFor();
    await check(page, '19-conflit-de-version');

    // Promotion: confirmation about the legal representative's letter, never back.
    await page.getByRole('tab', { name: 'Ses coordonnées' }).click();
    await page.getByLabel('Administrateur').check();
    await page.getByLabel('Adresse professionnelle').fill('5 ALLEE DE L ILE GLORIETTE\n44035 NANTES CEDEX 1');
    await page.getByRole('button', { name: 'Appliquer les modifications' }).click();
    await page.getByText('Confirmer le passage en Administrateur').waitFor();
    await page.getByText(/courrier sera envoyé au représentant légal/).first().waitFor();
    await check(page, '20-confirmation-promotion');
    await page.getByLabel('Je confirme le passage de ce compte en Administrateur').check();
    await page.getByRole('button', { name: 'Appliquer les modifications' }).click();
    await page.getByText(/Le compte est désormais Administrateur/).waitFor();
    // Back on the tab the change was made in, not on « Ses droits ».
    await expect(page.getByRole('tab', { name: 'Ses coordonnées' }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.locator('#onglet-coordonnees').isVisible()).resolves.toBe(true);
    await page.getByRole('tab', { name: 'Ses coordonnées' }).click();
    await page.getByText('Un compte Administrateur ne peut pas être modifié en Utilisateur.').waitFor();
    await expect(page.getByLabel('Utilisateur').count()).resolves.toBe(0);
    const promoted = await e2e.platform.api('GET', `/api/accounts/${user.id}`, { token: employer.adminToken });
    expect(promoted.body.profile).toBe('administrator');

    // Leaving with a change not applied: the browser asks first; staying keeps what was typed, leaving goes.
    await page.getByLabel('Téléphone').fill('0240000000');
    const leave = page.locator('.back-link a');
    const asked = page.waitForEvent('dialog');
    const clicked = leave.click();
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    await clicked;
    expect(new URL(page.url()).pathname).toBe(`/comptes/${user.id}`);
    await expect(page.getByLabel('Téléphone').inputValue()).resolves.toBe('0240000000');
    page.once('dialog', (again) => void again.accept());
    await leave.click();
    await page.waitForURL(`${url}/comptes`);
    expect((await e2e.platform.api('GET', `/api/accounts/${user.id}`, { token: employer.adminToken })).body.phone).toBe('0241051938');

    // Terms of use: a fresh administrator sees the date from which they may validate.
    const published = await e2e.platform.api('POST', '/api/cgu/versions', { token: drsToken, body: { version: '2025-01', text: 'Conditions générales…' } });
    expect(published.status).toBe(201);
    await page.goto(`${url}/cgu`);
    await page.getByRole('heading', { name: "Conditions générales d'utilisation" }).waitFor();
    await page.getByLabel(/Version 2025-01, publiée le/).waitFor();
    await page.getByText(/Vous pourrez valider les conditions générales d'utilisation à partir du/).waitFor();
    await check(page, '21-cgu');
    await signOut(page);
  });

  it('delete with confirmation, new invitation', async () => {
    const created = await invitedUser(e2e.platform, employer.adminToken, { civility: 'madame', lastName: 'Supprimee', firstName: 'Sophie', email: 'sophie@chu.fr', emailConfirmation: 'sophie@chu.fr', phone: undefined });
    await signInThroughPage(page, url, employer.admin.identifier, STRONG_PASSWORD);
    await page.goto(`${url}/comptes/${created.id}`);
    await page.getByRole('button', { name: /nouveau courriel de création du mot de passe/ }).click();
    await page.getByText(/Un nouveau courriel de création du mot de passe a été envoyé/).waitFor();
    await page.getByRole('link', { name: 'Supprimer le compte' }).click();
    await check(page, '22-supprimer-un-compte');
    await page.getByRole('button', { name: 'Confirmer la suppression' }).click();
    await page.getByText('Le compte de Mme Sophie Supprimee a bien été supprimé.').waitFor();
    await expect(page.locator('tr.account-row', { hasText: 'Supprimee' }).count()).resolves.toBe(0);
    await signOut(page);
  });

  it('lockout after 5 failures, then the administrator unlocks', async () => {
    const user = await activeUser(e2e.platform, employer.adminToken, { lastName: 'Bloque', firstName: 'Bruno', email: 'bruno@chu.fr', emailConfirmation: 'bruno@chu.fr' });
    for (let i = 0; i < 5; i += 1) {
      await signInThroughPage(page, url, user.identifier, 'Mauvais#Mot2passe');
      await page.getByRole('alert').waitFor();
    }
    await signInThroughPage(page, url, user.identifier, STRONG_PASSWORD);
    await page.getByRole('alert').waitFor();
    await page.getByRole('heading', { name: 'Se connecter' }).waitFor();
    await check(page, '23-connexion-refusee');

    await signInThroughPage(page, url, employer.admin.identifier, STRONG_PASSWORD);
    await page.goto(`${url}/comptes?status=locked`);
    await page.locator('tr.account-row', { hasText: 'Bloque' }).waitFor();
    await page.goto(`${url}/comptes/${user.id}`);
    await page.getByRole('button', { name: 'Débloquer le compte' }).click();
    await page.getByText(/Le compte est débloqué/).waitFor();
    await signOut(page);
    await signInThroughPage(page, url, user.identifier, STRONG_PASSWORD);
    await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
    await signOut(page);
  });

  it('keyboard-only completion of the creation wizard', async () => {
    await signInThroughPage(page, url, employer.admin.identifier, STRONG_PASSWORD);
    await page.goto(`${url}/comptes/nouveau`);
    const focusOn = async (selector: string, max = 60) => {
      for (let i = 0; i < max; i += 1) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`Tab never reached ${selector}`);
    };
    await focusOn('#profile-administrator');
    await page.keyboard.press('ArrowDown'); // Utilisateur
    await focusOn('#civility-monsieur');
    await page.keyboard.press('Space');
    await focusOn('#lastName');
    await page.keyboard.type('Clavier');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Karl');
    await page.keyboard.press('Tab');
    await page.keyboard.type('karl.clavier@chu.fr');
    await page.keyboard.press('Tab');
    await page.keyboard.type('karl.clavier@chu.fr');
    await focusOn('button[value=next]');
    await page.keyboard.press('Enter');
    await page.getByText('Etape 2').waitFor();
    await focusOn('button[value=create]', 200);
    await page.keyboard.press('Enter');
    await page.getByText('Le compte de M. Karl Clavier a bien été créé.').waitFor();
    await signOut(page);
  });

  it('the DRS cancels an administrator registration, and sees letters and failed deliveries', async () => {
    const promotedAdmin = await e2e.platform.api('POST', '/api/accounts', {
      token: employer.adminToken,
      body: {
        profile: 'administrator',
        civility: 'monsieur',
        lastName: 'Annule',
        firstName: 'Alain',
        email: 'alain@chu.fr',
        emailConfirmation: 'alain@chu.fr',
        professionalAddress: ['1 rue de la Paix', '44000 NANTES'],
      },
    });
    expect(promotedAdmin.status).toBe(201);
    await signInThroughPage(page, url, OPERATOR.identifier, OPERATOR.password);
    await page.goto(`${url}/drs/inscriptions`);
    await page.getByRole('heading', { name: "Inscriptions d'administrateurs" }).waitFor();
    const row = page.getByRole('row', { name: /Alain Annule/ });
    await row.waitFor();
    await check(page, '24-drs-inscriptions');
    await row.getByRole('link', { name: /Annuler l'inscription/ }).click();
    await check(page, '25-drs-annuler-inscription');
    await page.getByRole('button', { name: "Annuler l'inscription" }).click();
    await page.getByText("Indiquez le motif de l'annulation.").waitFor();
    await page.getByLabel("Motif de l'annulation").fill('Opposition du représentant légal');
    await page.getByRole('button', { name: "Annuler l'inscription" }).click();
    await page.getByText(/est annulée/).waitFor();
    await page.getByRole('row', { name: /Alain Annule/ }).getByText(/Opposition du représentant légal/).waitFor();
    const account = await e2e.platform.api('GET', `/api/accounts/${promotedAdmin.body.id}`, { token: drsToken });
    expect(account.body.status).toBe('closed');

    await page.goto(`${url}/drs/courriers`);
    await page.getByRole('heading', { name: 'Courriers aux représentants légaux' }).waitFor();
    await check(page, '26-drs-courriers');
    await page.goto(`${url}/drs/envois-en-echec`);
    await page.getByRole('heading', { name: 'Envois en échec' }).waitFor();
    await check(page, '27-drs-envois-en-echec');
    await signOut(page);
  });

  it("an auditor's time travel through an account's history", async () => {
    const user = await activeUser(e2e.platform, employer.adminToken, { lastName: 'Temps', firstName: 'Tina', civility: 'madame', email: 'tina@chu.fr', emailConfirmation: 'tina@chu.fr' });
    const before = await e2e.platform.api('GET', `/api/accounts/${user.id}`, { token: employer.adminToken });
    const changedAt = new Date(Date.now() + 60_000);
    await e2e.platform.api('PUT', '/api/test/clock', { body: { now: changedAt.toISOString() } });
    const patch = await e2e.platform.api('PATCH', `/api/accounts/${user.id}`, {
      token: employer.adminToken,
      body: { expectedVersion: before.body.version, contact: { lastName: 'Tempsnouveau' } },
    });
    expect(patch.status).toBeLessThan(300);

    await signInThroughPage(page, url, AUDITOR.identifier, AUDITOR.password);
    await page.goto(`${url}/audit`);
    await check(page, '28-audit');
    await page.getByLabel('Identifiant du compte').fill(user.identifier);
    await page.getByRole('button', { name: "Voir l'historique" }).click();
    await page.getByRole('heading', { name: /Historique du compte/ }).waitFor();
    await expect(page.locator('.timeline > li').count()).resolves.toBeGreaterThan(1);
    // Back in time, before the change: the old name.
    const paris = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    const local = paris.format(new Date(changedAt.getTime() - 30_000)).replace(' ', 'T');
    await page.getByLabel('Date et heure (heure de Paris)').fill(local);
    await page.getByRole('button', { name: 'Afficher le compte à cette date' }).click();
    await page.locator('.snapshot dd', { hasText: 'Mme Tina Temps' }).waitFor();
    await check(page, '29-audit-historique');
    await page.locator('.timeline-link').last().click();
    await page.locator('.snapshot dd', { hasText: 'Tempsnouveau' }).waitFor();
    await signOut(page);
    await e2e.platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
  });
});
