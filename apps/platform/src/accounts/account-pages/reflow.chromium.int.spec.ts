import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type { BrowserContext, Page } from 'playwright-core';
import {
  AUDITOR,
  chromiumInstalled,
  expectAccessible,
  invitedUser,
  registerEmployerWithAdministrator,
  signInAuditor,
  signInOnPage,
  startBrowserJourney,
  STRONG_PASSWORD,
  type BrowserJourney,
} from '../../testing/index.js';

jest.setTimeout(180_000);

/**
 * WCAG 1.4.10 in CSS pixels: 200 % zoom of a 1280×1024 window is a 640×512 viewport, 400 % (WCAG's reference width)
 * is 320×256. A device scale factor is not zoom: the layout would keep its 1280 CSS pixels.
 */
const WIDTHS = [
  { width: 320, height: 256 },
  { width: 640, height: 512 },
] as const;

/**
 * What scrolls sideways on the page as it stands: the document itself, any element that scrolls on its own other than
 * a keyboard-reachable `.table-scroll` region holding a data table without a field (tables of data are 1.4.10's
 * exception, forms are not), and any field or button lying outside the viewport horizontally.
 */
const sidewaysScrolling = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const viewport = root.clientWidth;
    const problems: string[] = [];
    const name = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.getAttribute('name') ? `[name=${e.getAttribute('name')}]` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
    if (root.scrollWidth > viewport) problems.push(`document scrollWidth ${root.scrollWidth} > clientWidth ${viewport}`);
    for (const e of Array.from(document.querySelectorAll('body *'))) {
      const overflow = getComputedStyle(e).overflowX;
      if ((overflow !== 'auto' && overflow !== 'scroll') || e.scrollWidth <= e.clientWidth) continue;
      const dataTableRegion = e.matches('.table-scroll[role=region][tabindex="0"]') && e.querySelector('table.data-table') !== null && e.querySelector('input, select, textarea, button') === null;
      if (!dataTableRegion) problems.push(`${name(e)} scrolls on its own: scrollWidth ${e.scrollWidth} > clientWidth ${e.clientWidth}`);
    }
    for (const field of Array.from(document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, main button'))) {
      const box = field.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not rendered (a tab not shown, a hidden block)
      if (box.left < -0.5 || box.right > viewport + 0.5) problems.push(`${name(field)} lies at ${Math.round(box.left)}–${Math.round(box.right)} px, the viewport is ${viewport} px wide`);
    }
    return problems;
  });

(chromiumInstalled() ? describe : describe.skip)('Reflow (WCAG 1.4.10) of the account pages at 200 % and 400 % zoom in Chromium', () => {
  let journey: BrowserJourney;
  let identifier: string;
  let employerId: string;
  let accountId: string;
  let admin: BrowserContext;
  let auditor: BrowserContext;

  /** The problems of the page as `open` leaves it at each width, keyed by width; `then` checks more at that width. */
  const atEachWidth = async (context: BrowserContext, label: string, open: (page: Page) => Promise<void>, then?: (page: Page, width: number) => Promise<void>) => {
    const found: Record<string, string[]> = {};
    const page = await context.newPage();
    for (const size of WIDTHS) {
      await page.setViewportSize(size);
      await open(page);
      found[`${label} at ${size.width} px`] = await sidewaysScrolling(page);
      await then?.(page, size.width);
    }
    await page.close();
    return found;
  };
  const none = (found: Record<string, string[]>) => Object.fromEntries(Object.keys(found).map((key) => [key, []]));

  /** Step 1 of the wizard filled with a valid user, then « Suivant »: step 2, the rights table. */
  const wizardStepTwo = async (page: Page) => {
    await page.goto(`${journey.origin}/comptes/nouveau`);
    await page.check('#civility-madame');
    await page.check('#profile-user');
    await page.fill('#lastName', 'Reflow');
    await page.fill('#firstName', 'Zoé');
    await page.fill('#email', 'zoe.reflow@exemple.fr');
    await page.fill('#emailConfirmation', 'zoe.reflow@exemple.fr');
    await page.click('button:has-text("Suivant")');
    expect(await page.textContent('.step-title')).toContain('Attribuer les droits');
  };

  beforeAll(async () => {
    journey = await startBrowserJourney({ PEPS_RUN_WORKERS: '1' });
    const { platform, browser, origin } = journey;
    const fixture = await registerEmployerWithAdministrator(platform, 34);
    identifier = fixture.admin.identifier;
    employerId = fixture.employerId;
    accountId = (await invitedUser(platform, fixture.adminToken, { lastName: 'ELARGI', firstName: 'Anne', email: 'anne.elargi@exemple.fr', emailConfirmation: 'anne.elargi@exemple.fr' })).id;
    // The matrix is a projection: wait until it shows the account just created.
    const auditorToken = await signInAuditor(platform);
    for (let i = 0; i < 100; i++) {
      const matrix = await platform.api('GET', `/api/establishments/${employerId}/rights-matrix`, { token: auditorToken });
      if (JSON.stringify(matrix.body).includes('ELARGI')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    admin = await browser.newContext({ locale: 'fr-FR' });
    await signInOnPage(await admin.newPage(), origin, identifier, STRONG_PASSWORD);
    auditor = await browser.newContext({ locale: 'fr-FR' });
    await signInOnPage(await auditor.newPage(), origin, AUDITOR.identifier, AUDITOR.password);
  });
  afterAll(async () => {
    await admin?.close();
    await auditor?.close();
    await journey?.close();
  });

  it('given the creation wizard, when step 1 is filled and « Suivant » pressed at 320 and 640 px, then neither step scrolls sideways, every radio of the rights table is within the viewport and axe passes at 320 px', async () => {
    const stepOne = await atEachWidth(admin, '/comptes/nouveau step 1', async (page) => void (await page.goto(`${journey.origin}/comptes/nouveau`)));
    const stepTwo = await atEachWidth(admin, '/comptes/nouveau step 2', wizardStepTwo, async (page, width) => {
      expect(await page.locator('.rights-table input[type=radio]').count()).toBeGreaterThan(0);
      if (width === 320) await expectAccessible(page, '/comptes/nouveau step 2 at 320 px');
    });
    expect({ ...stepOne, ...stepTwo }).toEqual(none({ ...stepOne, ...stepTwo }));
  });

  it('given an account, when its modify page is shown at 320 and 640 px, then neither « Ses droits » nor « Ses coordonnées » scrolls sideways', async () => {
    const rights = await atEachWidth(admin, '/comptes/:id « Ses droits »', async (page) => {
      await page.goto(`${journey.origin}/comptes/${accountId}`);
      expect(await page.locator('#onglet-droits .rights-table input[type=radio]').first().isVisible()).toBe(true);
    });
    const contact = await atEachWidth(admin, '/comptes/:id « Ses coordonnées »', async (page) => {
      await page.goto(`${journey.origin}/comptes/${accountId}?onglet=coordonnees`);
      expect(await page.locator('#lastName').isVisible()).toBe(true);
    });
    expect({ ...rights, ...contact }).toEqual(none({ ...rights, ...contact }));
  });

  it('given the administrator, when the account list and an account’s history are shown at 320 and 640 px, then neither scrolls sideways', async () => {
    const list = await atEachWidth(admin, '/comptes', (page) => page.goto(`${journey.origin}/comptes`).then(() => undefined));
    const history = await atEachWidth(admin, '/comptes/:id/historique', (page) => page.goto(`${journey.origin}/comptes/${accountId}/historique`).then(() => undefined));
    expect({ ...list, ...history }).toEqual(none({ ...list, ...history }));
  });

  it('given the auditor, when the rights matrix and the account’s history at a date are shown at 320 and 640 px, then the document does not scroll sideways, the matrix scrolling only inside its focusable region', async () => {
    const matrix = await atEachWidth(auditor, '/audit/etablissements/:id/matrice', async (page) => {
      await page.goto(`${journey.origin}/audit/etablissements/${employerId}/matrice`);
      expect(await page.textContent('table.matrix')).toContain('ELARGI');
    });
    const account = await atEachWidth(auditor, '/audit/comptes/:id (history at a date)', (page) => page.goto(`${journey.origin}/audit/comptes/${accountId}`).then(() => undefined));
    expect({ ...matrix, ...account }).toEqual(none({ ...matrix, ...account }));
  });
});
