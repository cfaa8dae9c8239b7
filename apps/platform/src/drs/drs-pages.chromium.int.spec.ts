import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from '@peps/testing';
import { CHROMIUM_LAUNCH, chromiumInstalled, expectAccessible, OPERATOR, startTestPlatform, type TestPlatform } from '../testing/index.js';

jest.setTimeout(180_000);

(chromiumInstalled() ? describe : describe.skip)('The DRS’s pages in Chromium, JavaScript off: register, letters, failed deliveries', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  let origin: string;

  /** axe on the page as the journey left it, in a JavaScript-enabled tab with the same session. */
  const checkAccessible = async (path: string, reflow = false) => {
    const checker = await browser.newContext({ locale: 'fr-FR' });
    await checker.addCookies(await context.cookies());
    const tab = await checker.newPage();
    await tab.goto(`${origin}${path}`);
    await expectAccessible(tab, path);
    if (reflow) {
      // WCAG 1.4.10 at 375 px: the form never scrolls sideways.
      await tab.setViewportSize({ width: 375, height: 800 });
      expect({ path, width: await tab.evaluate(() => document.documentElement.scrollWidth) }).toEqual({ path, width: 375 });
    }
    await checker.close();
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'peps-drs-pages-'));
    const port = await freePort();
    platform = await startTestPlatform({ PEPS_PUBLIC_URL: `http://localhost:${port}`, PEPS_RUN_WORKERS: '1', PEPS_DATA_DIR: dataDir }, { port });
    origin = new URL(platform.config.publicUrl).origin;
    browser = await chromium.launch(CHROMIUM_LAUNCH);
    context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
    page = await context.newPage();
    await page.goto(`${origin}/`);
    await page.fill('#identifier', OPERATOR.identifier);
    await page.fill('#password', OPERATOR.password);
    await page.click('button:has-text("Me connecter")');
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('registers an establishment from the form, the SIRET checked and the address rules shown', async () => {
    await page.goto(`${origin}/inscrire-un-etablissement`);
    expect(new URL(page.url()).pathname).toBe('/drs/etablissements/nouveau');
    await checkAccessible('/drs/etablissements/nouveau', true);
    expect(await page.textContent('#address-aide')).toContain('il reste 4 lignes pour l\'adresse sans fonction, 3 avec');
    await page.fill('#name', 'MAIRIE DE REZE');
    await page.fill('#siret', '264 400 136 00019');
    await page.check('input[name="repCivility"][value="monsieur"]');
    await page.fill('#repLastName', 'Durand');
    await page.fill('#repFirstName', 'Paul');
    await page.fill('#repFunction', 'Maire');
    await page.fill('#address', 'Mairie de Rezé\n2 RUE DU JARDIN\n44400 REZE');
    await page.check('input[name="adminCivility"][value="madame"]');
    await page.fill('#adminLastName', 'Leroy');
    await page.fill('#adminFirstName', 'Anne');
    await page.fill('#adminEmail', 'anne.leroy@reze.fr');
    await page.fill('#adminEmailConfirmation', 'anne.leroy@reze.fr');
    await page.fill('#adminAddress', '2 RUE DU JARDIN\n44400 REZE');
    await page.click('button:has-text("Inscrire l\'établissement")');
    expect(await page.textContent('#siret-erreur')).toContain("Le numéro SIRET n'est pas valide (clé de contrôle incorrecte).");
    expect(await page.inputValue('#repFunction')).toBe('Maire');
    await page.fill('#siret', '264 400 136 00018');
    await page.click('button:has-text("Inscrire l\'établissement")');
    expect(new URL(page.url()).pathname).toBe('/drs/inscriptions');
    expect(await page.textContent('[role="status"], .notice')).toMatch(/L'établissement MAIRIE DE REZE est inscrit/);
    await page.fill('#employer', 'reze');
    await page.click('button:has-text("Filtrer")');
    expect(await page.textContent('tbody')).toContain('MAIRIE DE REZE');
    await checkAccessible('/drs/inscriptions?employer=reze');
  });

  it('shows the letter with its reference, administrator and employer, then hands it to the mailroom and marks it returned', async () => {
    let row = '';
    for (let i = 0; i < 100 && !row.includes('Généré'); i += 1) {
      await page.goto(`${origin}/drs/courriers`);
      row = (await page.textContent('tbody')) ?? '';
      if (!row.includes('Généré')) await page.waitForTimeout(100);
    }
    expect(row).toMatch(/ADM-\d{4}-\d{6}/);
    expect(row).toContain("Création d'un compte administrateur");
    expect(row).toContain('Anne LEROY');
    expect(row).toContain('MAIRIE DE REZE');
    await checkAccessible('/drs/courriers');
    await page.click('button:has-text("Remis au service courrier")');
    expect(await page.textContent('main')).toMatch(/Le courrier ADM-\d{4}-\d{6} est indiqué comme remis au service courrier\./);
    for (let i = 0; i < 50 && !(await page.isVisible('button:has-text("Retourné")')); i += 1) await page.reload();
    await page.click('button:has-text("Retourné")');
    expect(await page.textContent('main')).toMatch(/est indiqué comme retourné\./);
    await page.selectOption('#status', 'returned');
    await page.click('button:has-text("Filtrer")');
    expect(await page.textContent('tbody')).toContain('Retourné');
  });

  it('lists a failed mail with its reason in French and relaunches it', async () => {
    // What the runtime leaves after giving up on an unreachable mail server.
    await platform.db.query(`update pm.effects set status = 'failed', attempts = 8, last_error = 'connect ECONNREFUSED 127.0.0.1:2525' where kind = 'password-invitation'`);
    await page.goto(`${origin}/drs/envois-en-echec`);
    const body = (await page.textContent('tbody')) ?? '';
    expect(body).toContain('Courriel de création du mot de passe');
    expect(body).toContain('anne.leroy@reze.fr');
    expect(body).toContain('Le serveur de messagerie est injoignable');
    await checkAccessible('/drs/envois-en-echec');
    await page.click('button:has-text("Relancer")');
    expect(await page.textContent('main')).toContain("L'envoi est relancé");
  });

  it('corrects the legal representative of an establishment from its form, the address rules shown', async () => {
    const drsToken = await platform.signIn(OPERATOR.identifier, OPERATOR.password);
    const letters = await platform.api('GET', '/api/letters', { token: drsToken });
    const employerId = (letters.body.items as { employer?: { id: string; name: string } }[]).find((l) => l.employer?.name === 'MAIRIE DE REZE')?.employer?.id;
    expect(employerId).toBeDefined();
    const path = `/drs/etablissements/${employerId}/representant-legal`;
    await page.goto(`${origin}${path}`);
    await checkAccessible(path, true);
    await page.check('input[name=repCivility][value=madame]');
    await page.fill('#repLastName', 'Durand');
    await page.fill('#repFirstName', 'Claire');
    await page.fill('#repFunction', 'Maire');
    await page.fill('#address', '2 PLACE JEAN-BAPTISTE DAVIAIS\n44400 REZE');
    await page.click('button:has-text("Corriger et relancer les courriers en échec")');
    expect(new URL(page.url()).pathname).toBe('/drs/envois-en-echec');
    expect(await page.textContent('main')).toContain('Le destinataire des courriers de MAIRIE DE REZE est corrigé.');
    const recipient = await platform.api('GET', `/api/establishments/${employerId}/legal-representative`, { token: drsToken });
    expect(recipient.body.legalRepresentative).toEqual({ civility: 'madame', lastName: 'Durand', firstName: 'Claire', function: 'Maire', address: ['2 PLACE JEAN-BAPTISTE DAVIAIS', '44400 REZE'] });
  });

  it('answers an unknown page with a French page', async () => {
    const answer = await page.goto(`${origin}/drs/nulle-part`);
    expect(answer?.status()).toBe(404);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.title()).toContain('Page introuvable');
    await checkAccessible('/drs/nulle-part');
  });
});
