import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chromiumInstalled, expectAccessible, registerEmployerWithAdministrator, signInOnPage, startBrowserJourney, STRONG_PASSWORD, threeLetters, type BrowserJourney } from '../../testing/index.js';

jest.setTimeout(180_000);

const header = 'profil;civilité;nom;prénom;courriel;téléphone;adresse professionnelle';

(chromiumInstalled() ? describe : describe.skip)('« Importer des comptes » in Chromium, JavaScript off', () => {
  let journey: BrowserJourney;
  let identifier: string;

  beforeAll(async () => {
    journey = await startBrowserJourney();
    identifier = (await registerEmployerWithAdministrator(journey.platform, 4)).admin.identifier;
  });
  afterAll(() => journey?.close());

  it('imports a 1,000-line file: checked, then created with a page that refreshes itself, axe passing on each page', async () => {
    const { browser, origin } = journey;
    // Without JavaScript for the journey; axe runs through the DevTools protocol in a second context.
    const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
    const page = await context.newPage();
    await signInOnPage(page, origin, identifier, STRONG_PASSWORD);
    await page.goto(`${origin}/comptes/importer`);
    expect(await page.textContent('h1')).toBe('Importer des comptes');

    const lines = Array.from({ length: 1000 }, (_, i) => `utilisateur;madame;NAVIG${threeLetters(i)};Anne;navig.${i}@exemple.fr;;`);
    lines[499] = 'utilisateur;madame;NAVIG;Anne;pas-un-courriel;;';
    await page.setInputFiles('#fichier', { name: 'comptes.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\r\n${lines.join('\r\n')}\r\n`, 'latin1') });
    await page.click('button:has-text("Vérifier le fichier")');
    await page.waitForLoadState();
    if (!/\/comptes\/importer\/[0-9a-f-]{36}$/.test(page.url())) throw new Error(`${page.url()}: ${await page.textContent('main')}`);
    expect(await page.textContent('body')).toContain('1000 ligne(s) de comptes dans le fichier : 999 valide(s), 1 refusée(s) à la vérification.');
    expect(await page.textContent('tbody tr')).toContain('501');
    const reportUrl = page.url();

    const started = performance.now();
    // The answer waits behind the first accounts' creation on PGlite's one session: slow on a loaded machine.
    await page.click('button:has-text("Créer les 999 compte(s) valide(s)")', { timeout: 120_000 });
    // The progress page reloads itself (Refresh header) until the import is done.
    await page.waitForSelector('text=Import terminé', { timeout: 120_000 });
    console.log(`1,000-line import through the pages: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    expect(await page.textContent('body')).toContain('999 compte(s) créé(s).');

    const checker = await browser.newContext({ locale: 'fr-FR' });
    await checker.addCookies(await context.cookies());
    const axePage = await checker.newPage();
    for (const url of [`${origin}/comptes/importer`, reportUrl]) {
      await axePage.goto(url);
      await expectAccessible(axePage, url);
    }
    await checker.close();
    await context.close();
  });
});
