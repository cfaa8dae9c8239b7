import { describe, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import type { TestPlatform } from '@peps/platform/testing';
import { OPERATOR, STRONG_PASSWORD, activeUser, check, employerWithAdministrator, signInThroughPage, signOut, inChromium, type E2E } from './support.js';

jest.setTimeout(180_000);

const OPERATOR_EMAIL = 'drs1@drs.peps.fr';
const ADMIN_EMAIL = 'admin0@etablissement.fr';
const CODE_SUBJECT = 'Votre code de connexion';
const REFUSED = 'La vérification a échoué : le code est incorrect ou a expiré.';

describe('The second factor in Chromium (PEPS_SECOND_FACTOR=required)', () => {
  let smtp: E2E['smtp'];
  let platform: TestPlatform;
  let url: string;
  let context: BrowserContext;
  let page: Page;
  let admin: { id: string; identifier: string };
  let offsetMinutes = 0;

  /** The code of the first code mail to `to` received after the `from`-th mail. */
  async function mailedCode(to: string, from: number): Promise<string> {
    const end = Date.now() + 20_000;
    while (Date.now() < end) {
      const mail = smtp.mails.slice(from).find((m) => m.subject === CODE_SUBJECT && m.to.toLowerCase().includes(to));
      const code = mail && /\b(\d{6})\b/.exec(mail.text)?.[1];
      if (code) return code;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`no code mail to ${to} after mail #${from}`);
  }

  const codeMailsTo = (to: string, from: number) => smtp.mails.slice(from).filter((m) => m.subject === CODE_SUBJECT && m.to.toLowerCase().includes(to)).length;

  /** Moves the platform's clock forward, so that the sign-in's factor is no longer recent. */
  async function advance(minutes: number) {
    offsetMinutes += minutes;
    const moved = await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + offsetMinutes * 60_000).toISOString() } });
    expect(moved.status).toBe(200);
  }

  /** The API's sign-in with the e-mailed code, for the set-up (the DRS, the administrator creating users). */
  async function apiSignIn(identifier: string, password: string, email: string): Promise<string> {
    const login = await platform.api('POST', '/api/auth/login', { body: { identifier, password } });
    const challenge = login.body.secondFactor.challenge as string;
    const from = smtp.mails.length;
    expect((await platform.api('POST', '/api/auth/second-factor/code', { body: { challenge, method: 'email' } })).status).toBe(202);
    const verified = await platform.api('POST', '/api/auth/second-factor/verify', { body: { challenge, method: 'email', code: await mailedCode(email, from) } });
    expect(verified.status).toBe(200);
    return verified.body.token as string;
  }

  async function fillNewUser(lastName: string, firstName: string, email: string) {
    await page.goto(`${url}/comptes/nouveau`);
    await page.getByLabel('Utilisateur').check();
    await page.getByLabel('Madame').check();
    await page.getByLabel('Nom', { exact: true }).fill(lastName);
    await page.getByLabel('Prénom').fill(firstName);
    await page.getByLabel('Courriel', { exact: true }).fill(email);
    await page.getByLabel('Confirmation du courriel').fill(email);
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByText('Etape 2').waitFor();
  }

  /** Ten minutes and more after the last factor, the wizard's « Suivant » asks for the code in place: the mails before it. */
  async function stepUpOnNewUser(lastName: string, firstName: string, email: string): Promise<number> {
    await advance(11);
    await fillNewUser(lastName, firstName, email);
    const from = smtp.mails.length;
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByRole('heading', { name: 'Confirmez votre identité' }).waitFor();
    return from;
  }

  inChromium({ env: { PEPS_SECOND_FACTOR: 'required', PEPS_BOOTSTRAP_OPERATOR_EMAIL: OPERATOR_EMAIL }, timeoutMs: 15_000, startTimeoutMs: 180_000 }, async (e2e, opened) => {
    ({ smtp, platform, context } = e2e);
    page = opened;
    url = platform.url;
    const drsToken = await apiSignIn(OPERATOR.identifier, OPERATOR.password, OPERATOR_EMAIL);
    ({ admin } = await employerWithAdministrator(platform, drsToken, 0));
  });

  it('signs in with the e-mailed code (a wrong one refused, then « Renvoyer le code ») and trusts the workstation', async () => {
    const from = smtp.mails.length;
    await signInThroughPage(page, url, admin.identifier, STRONG_PASSWORD);
    await page.getByRole('heading', { name: 'Vérification de votre identité' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/connexion/code');
    // E-mail is the only way for this account: the code is sent on arrival, once.
    await page.getByRole('status').filter({ hasText: 'Un code vous a été envoyé par courriel' }).waitFor();
    const first = await mailedCode(ADMIN_EMAIL, from);
    await page.reload();
    await page.getByRole('heading', { name: 'Vérification de votre identité' }).waitFor();
    expect(codeMailsTo(ADMIN_EMAIL, from)).toBe(1);
    const challengeCookie = (await context.cookies()).find((c) => c.name === 'peps_second_factor');
    expect(challengeCookie?.httpOnly).toBe(true);
    const code = page.getByLabel('Code de vérification');
    await expect(code.getAttribute('autocomplete')).resolves.toBe('one-time-code');
    await expect(code.getAttribute('inputmode')).resolves.toBe('numeric');
    await check(page, 'double-authentification-01-code');

    await code.fill(first === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: REFUSED }).waitFor();
    await check(page, 'double-authentification-02-code-refuse');

    const resent = smtp.mails.length;
    await page.getByRole('button', { name: /^Renvoyer le code/ }).click();
    await page.getByRole('status').filter({ hasText: 'Un code vous a été envoyé par courriel' }).waitFor();
    const second = await mailedCode(ADMIN_EMAIL, resent);
    await page.getByLabel('Code de vérification').fill(second);
    await page.getByLabel('Faire confiance à ce poste pendant 7 jours').check();
    await page.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('heading', { name: /Bonjour/ }).waitFor();

    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'peps_workstation')?.httpOnly).toBe(true);
    expect(cookies.find((c) => c.name === 'peps_session')).toBeDefined();
    expect(cookies.find((c) => c.name === 'peps_second_factor')).toBeUndefined();
  });

  it('signs in again on the trusted workstation without a code', async () => {
    await signOut(page);
    const from = smtp.mails.length;
    await signInThroughPage(page, url, admin.identifier, STRONG_PASSWORD);
    await page.getByRole('heading', { name: /Bonjour/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    expect(codeMailsTo(ADMIN_EMAIL, from)).toBe(0);
  });

  it('asks the code in place when creating an account with a stale factor, then creates it without retyping (JavaScript)', async () => {
    const from = await stepUpOnNewUser('Rapide', 'Anne', 'anne.rapide@chu-nantes.fr');
    await page.getByRole('status').filter({ hasText: 'Un code vous a été envoyé par courriel' }).waitFor();
    await check(page, 'double-authentification-03-confirmez-votre-identite');
    await page.getByLabel('Code de vérification').fill(await mailedCode(ADMIN_EMAIL, from));
    await page.getByRole('button', { name: 'Valider et continuer' }).click();
    // The continuation posts the wizard's form again by itself: step 3.
    await page.getByText('Le compte de Mme Anne Rapide a bien été créé.').waitFor();
    await page.getByText('Identifiant de : Mme Anne Rapide').waitFor();
  });

  it('without the page script, « Continuer » finishes the action; the refreshed session then needs no code', async () => {
    const from = await stepUpOnNewUser('Lente', 'Berthe', 'berthe.lente@chu-nantes.fr');
    await page.getByLabel('Code de vérification').fill(await mailedCode(ADMIN_EMAIL, from));
    await page.route('**/assets/second-factor.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
    try {
      await page.getByRole('button', { name: 'Valider et continuer' }).click();
      await page.getByRole('heading', { name: 'Identité confirmée' }).waitFor();
      await check(page, 'double-authentification-04-identite-confirmee');
      await page.getByRole('button', { name: 'Continuer' }).click();
    } finally {
      await page.unroute('**/assets/second-factor.js');
    }
    await page.getByText('Le compte de Mme Berthe Lente a bien été créé.').waitFor();

    // Within 10 minutes of the step-up, another creation goes straight through.
    await fillNewUser('Suivante', 'Carole', 'carole.suivante@chu-nantes.fr');
    await page.getByRole('button', { name: 'Créer le compte' }).click();
    await page.getByText('Le compte de Mme Carole Suivante a bien été créé.').waitFor();
  });

  it('resets a user’s second factor from the account page, after a confirmation', async () => {
    const adminToken = await apiSignIn(admin.identifier, STRONG_PASSWORD, ADMIN_EMAIL);
    const user = await activeUser(platform, adminToken, { lastName: 'Perdu', firstName: 'Paul', email: 'paul.perdu@chu-nantes.fr', emailConfirmation: 'paul.perdu@chu-nantes.fr' });
    await page.goto(`${url}/comptes/${user.id}`);
    await page.getByRole('link', { name: 'Réinitialiser la double authentification' }).click();
    await page.getByRole('heading', { name: 'Réinitialiser la double authentification de M. Paul Perdu' }).waitFor();
    await check(page, 'double-authentification-05-reinitialiser');
    await page.getByRole('button', { name: 'Confirmer la réinitialisation' }).click();
    await page.getByRole('status').filter({ hasText: 'La double authentification de M. Paul Perdu a été réinitialisée.' }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/comptes/${user.id}`);
    const history = await platform.api('GET', `/api/accounts/${user.id}/history`, { token: adminToken });
    expect((history.body.entries as { type: string }[]).map((entry) => entry.type)).toContain('account.second-factor-reset');
  });
});
