import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { termsOfUseAllowedFrom } from '@peps/domain';
import { WriteSide } from '../../shell/command-side/write-side.js';
import {
  activeUser,
  CHROMIUM_LAUNCH,
  chromiumInstalled,
  expectAccessibleWithSession,
  registerEmployerWithAdministrator,
  signInAuditor,
  signInOnPage,
  startBrowsablePlatform,
  STRONG_PASSWORD,
  type EmployerFixture,
  type TestPlatform,
} from '../../testing/index.js';
import { availableFromLabel } from './terms-of-use-view.js';

jest.setTimeout(180_000);

const DAY_MS = 86_400_000;
const TEXT = 'Article 1 : objet\nLa plateforme sert les employeurs publics.\n\nArticle 2 : <script>alert(1)</script> données';

describe('CGU: the text is readable before « Valider », and the button waits for the 8-day date', () => {
  let platform: TestPlatform;
  let origin: string;
  let employer: EmployerFixture & { drsToken: string };

  beforeAll(async () => {
    ({ platform, origin } = await startBrowsablePlatform());
    employer = await registerEmployerWithAdministrator(platform, 61);
    expect((await platform.api('POST', '/api/cgu/versions', { token: employer.drsToken, body: { version: '2026-1', text: TEXT } })).status).toBe(201);
  }, 120_000);
  afterAll(() => platform?.close());

  describe('GET /api/cgu/versions/:version', () => {
    it('gives the published text to administrators, the DRS and auditors', async () => {
      for (const token of [employer.adminToken, employer.drsToken, await signInAuditor(platform)]) {
        const answer = await platform.api('GET', '/api/cgu/versions/2026-1', { token });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ version: '2026-1', publishedAt: expect.any(String), text: TEXT });
      }
    });

    it('answers 404 in French for an unpublished version, 401 signed out, 403 for a user', async () => {
      const missing = await platform.api('GET', '/api/cgu/versions/2099-1', { token: employer.adminToken });
      expect(missing.status).toBe(404);
      expect(missing.body.message).toBe("Cette version des conditions générales d'utilisation n'existe pas.");
      expect((await platform.api('GET', '/api/cgu/versions/2026-1')).status).toBe(401);
      const user = await activeUser(platform, employer.adminToken, { email: 'cgu.lecture@chu.fr', emailConfirmation: 'cgu.lecture@chu.fr' });
      expect((await platform.api('GET', '/api/cgu/versions/2026-1', { token: user.token })).status).toBe(403);
    });
  });

  (chromiumInstalled() ? describe : describe.skip)('the pages in Chromium, JavaScript off', () => {
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;

    const signIn = async () => {
      await context.clearCookies();
      await signInOnPage(page, origin, employer.admin.identifier, STRONG_PASSWORD);
    };

    /** axe on a page with the same session, in a tab with JavaScript (axe runs as a script). */
    const checkAccessible = (path: string) => expectAccessibleWithSession(browser, context, origin, path);

    beforeAll(async () => {
      browser = await chromium.launch(CHROMIUM_LAUNCH);
      context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
      page = await context.newPage();
      await signIn();
    });
    afterAll(async () => {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
      await browser?.close();
    });

    it('before the 8-day date: a link to the text, and « Valider » disabled with the reason and the date', async () => {
      await page.goto(`${origin}/cgu`);
      const since = (await platform.app.get(WriteSide).loadEmployer(employer.employerId)).state!.administrators[employer.admin.id]!.since;
      const button = page.locator('button:has-text("Valider les CGU pour l\'établissement")');
      expect(await button.isDisabled()).toBe(true);
      expect(await button.getAttribute('aria-describedby')).toBe('cgu-delai');
      expect(await page.textContent('#cgu-delai')).toBe(
        `Vous pourrez valider les conditions générales d'utilisation à partir du ${availableFromLabel(termsOfUseAllowedFrom(since))} : un délai de 8 jours après être devenu administrateur est nécessaire.`,
      );
      // The link to the text comes before the button.
      const link = page.locator('a:has-text("Lire le texte de la version 2026-1")');
      expect(await link.getAttribute('href')).toBe('/cgu/versions/2026-1');
      const html = await page.content();
      expect(html.indexOf('Lire le texte de la version 2026-1')).toBeLessThan(html.indexOf('Valider les CGU'));
      await checkAccessible('/cgu');
    });

    it('shows the version’s text, escaped, paragraph by paragraph', async () => {
      await page.click('a:has-text("Lire le texte de la version 2026-1")');
      expect(new URL(page.url()).pathname).toBe('/cgu/versions/2026-1');
      expect(await page.textContent('h1')).toBe("Conditions générales d'utilisation, version 2026-1");
      const paragraphs = await page.locator('article p').allInnerTexts();
      expect(paragraphs).toEqual(['Article 1 : objet\nLa plateforme sert les employeurs publics.', 'Article 2 : <script>alert(1)</script> données']);
      await checkAccessible('/cgu/versions/2026-1');
      await page.goto(`${origin}/cgu/versions/2099-1`);
      expect(await page.textContent('h1')).toBe('La version introuvable');
    });

    it('from the 8-day date: « Valider » is active and validates', async () => {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 9 * DAY_MS).toISOString() } });
      await signIn();
      await page.goto(`${origin}/cgu`);
      expect(await page.locator('#cgu-delai').count()).toBe(0);
      const button = page.locator('button:has-text("Valider les CGU pour l\'établissement")');
      expect(await button.isDisabled()).toBe(false);
      await button.click();
      await page.waitForURL(`${origin}/cgu`);
      expect(await page.textContent('body')).toContain("Les conditions générales d'utilisation (version 2026-1) sont validées pour l'établissement.");
      expect(await page.textContent('body')).toContain("Version 2026-1, publiée le");
    });
  });
});
