import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { inactivityDeadlines } from '@peps/domain';
import { accountBody, activeUser, chromiumInstalled, expectAccessible, registerEmployerWithAdministrator, signInOnPage, startBrowserJourney, STRONG_PASSWORD, threeLetters, type BrowserJourney } from '../../testing/index.js';

jest.setTimeout(180_000);

(chromiumInstalled() ? describe : describe.skip)('« Gestion des comptes » in Chromium', () => {
  let journey: BrowserJourney;
  let identifier: string;
  let adminToken: string;

  beforeAll(async () => {
    journey = await startBrowserJourney({ PEPS_RUN_WORKERS: '1' });
    const { platform } = journey;
    const fixture = await registerEmployerWithAdministrator(platform, 33);
    identifier = fixture.admin.identifier;
    adminToken = fixture.adminToken;
    let position = '';
    for (let i = 0; i < 24; i++) {
      const email = `navigue.${i}@exemple.fr`;
      const answer = await platform.api('POST', '/api/accounts', { token: fixture.adminToken, body: accountBody({ lastName: `NAVIGUE${threeLetters(i)}`, firstName: 'Anne', email, emailConfirmation: email }) });
      expect(answer.status).toBe(201);
      position = answer.headers.get('x-position') ?? position;
    }
    await platform.api('GET', `/api/accounts?pageSize=1&minPosition=${position}`, { token: fixture.adminToken });
  });
  afterAll(() => journey?.close());

  it('sorts by a column, changes the page size, exports the filtered list, re-sends in bulk, and reflows at 375 px', async () => {
    const { browser, origin } = journey;
    const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false, acceptDownloads: true });
    const page = await context.newPage();
    await signInOnPage(page, origin, identifier, STRONG_PASSWORD);
    await page.goto(`${origin}/comptes?search=navigue`);
    expect(await page.textContent('.result-count')).toContain('24 comptes — page 1 sur 2');

    // Sorting: by name ascending by default; the « Nom » link turns it descending and aria-sort says so.
    expect(await page.getAttribute('th:has(a:has-text("Nom"))', 'aria-sort')).toBe('ascending');
    await page.click('th[aria-sort] a:has-text("Nom")');
    expect(await page.getAttribute('th:has(a:has-text("Nom"))', 'aria-sort')).toBe('descending');
    expect((await page.textContent('tbody tr:first-child th'))?.trim()).toContain(`NAVIGUE${threeLetters(23)}`);

    // Page size 50: everything on one page, the sort kept.
    await page.selectOption('#pageSize', '50');
    await page.click('button:has-text("Filtrer")');
    expect(await page.locator('tbody tr.account-row').count()).toBe(24);
    expect(new URL(page.url()).searchParams.get('order')).toBe('desc');

    // « Exporter (CSV) » keeps the search and the sort.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:has-text("Exporter (CSV)")')]);
    const csv = await (await import('node:fs/promises')).readFile((await download.path())!);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = csv.toString('utf8').trimEnd().split('\r\n');
    expect(rows).toHaveLength(25);
    expect(rows[1].split(';')[2]).toBe(`NAVIGUE${threeLetters(23)}`);

    // Bulk re-send without JavaScript: tick two, post the form.
    await page.check('tbody tr:nth-child(1) input[type=checkbox]');
    await page.check('tbody tr:nth-child(2) input[type=checkbox]');
    await page.click('button:has-text("Renvoyer le courriel de création du mot de passe")');
    expect(await page.textContent('main')).toContain('2 courriels de création du mot de passe renvoyés.');

    // Reflow at 375 px (and so at 200 % zoom of a 750 px window): no sideways scrolling, « Modifier » visible.
    const narrow = await browser.newContext({ locale: 'fr-FR', viewport: { width: 375, height: 800 } });
    await narrow.addCookies(await context.cookies());
    const small = await narrow.newPage();
    await small.goto(`${origin}/comptes?search=navigue`);
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    expect(await small.locator('a.row-edit').first().evaluate((a) => getComputedStyle(a).opacity)).toBe('1');
    await expectAccessible(small, '/comptes at 375 px');
    await small.setViewportSize({ width: 1280, height: 800 });
    await small.goto(`${origin}/comptes?search=navigue&page=99`);
    expect(await small.textContent('main')).toContain('La page 99 n’existe pas');
    await expectAccessible(small, '/comptes');
    await narrow.close();
    await context.close();
  });
  // Last: it moves the clock to the inactivity warning of today's accounts (before their deactivation, so the deadline
  // manager warns and deactivates nobody), then back.
  it('lists the accounts arriving at expiry, renews two ticked and one from its row, and they leave the list', async () => {
    const { browser, origin, platform } = journey;
    const holders = [];
    for (const name of ['ECHEANCE', 'ECHEANCEB', 'ECHEANCEC']) {
      const email = `${name.toLowerCase()}@exemple.fr`;
      holders.push(await activeUser(platform, adminToken, { lastName: name, email, emailConfirmation: email }));
    }
    const warningDay = new Date(new Date(inactivityDeadlines(new Date().toISOString()).warningAt).getTime() + 24 * 3600 * 1000);
    expect((await platform.api('PUT', '/api/test/clock', { body: { now: warningDay.toISOString() } })).status).toBeLessThan(300);
    try {
      const context = await browser.newContext({ locale: 'fr-FR' });
      const page = await context.newPage();
      await signInOnPage(page, origin, identifier, STRONG_PASSWORD);
      const expiring = `${origin}/comptes?search=echeance&expiring=1`;
      const listed = async (count: number) => {
        for (let i = 0; i < 50; i++) {
          await page.goto(expiring);
          if ((await page.locator('tbody tr.account-row').count()) === count) return;
          await page.waitForTimeout(100);
        }
        throw new Error(`${expiring}: ${await page.textContent('main')}`);
      };
      await listed(3);
      expect(await page.isChecked('#expiring')).toBe(true);

      // Two ticked, « Renouveler les comptes cochés ».
      await page.check('tbody tr:nth-child(1) input[type=checkbox]');
      await page.check('tbody tr:nth-child(2) input[type=checkbox]');
      await page.click('button:has-text("Renouveler les comptes cochés")');
      expect(await page.textContent('main')).toContain('2 comptes renouvelés');
      await expectAccessible(page, '/comptes/renouvellements');
      await listed(1);

      // The last one from its own row's button, whatever else is ticked.
      await page.click('tbody tr:nth-child(1) button.row-renew');
      expect(await page.textContent('main')).toContain('1 compte renouvelé');
      await listed(0);
      await expectAccessible(page, '/comptes?expiring=1');

      // Each renewal is an event of the account's history (a read model of its own: polled).
      const token = await platform.signIn(identifier, STRONG_PASSWORD);
      for (const holder of holders) {
        let history = '';
        for (let i = 0; i < 50 && !history.includes('renouvelé'); i++) {
          if (i) await page.waitForTimeout(100);
          history = JSON.stringify((await platform.api('GET', `/api/accounts/${holder.id}/history`, { token })).body);
        }
        expect(history).toContain('Compte renouvelé pour 18 mois');
      }
      await context.close();
    } finally {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
    }
  });
});
