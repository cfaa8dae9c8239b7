import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { describeInChromium } from '../../testing/chromium-suite.js';
import { activeUser, expectAccessible, pageWithSession, startWithTwoEmployers, type TestPlatform } from '../../testing/index.js';

jest.setTimeout(180_000);

describe('right of access: GET /api/accounts/:id/personal-data', () => {
  let platform: TestPlatform;
  let env: Awaited<ReturnType<typeof startWithTwoEmployers>>;
  let holder: { id: string; identifier: string; token: string };
  let colleague: { id: string; identifier: string; token: string };

  beforeAll(async () => {
    env = await startWithTwoEmployers([51, 52], { PEPS_RETENTION_CLOSED_MONTHS: '24', PEPS_RETENTION_SIGN_IN_MONTHS: '6' });
    platform = env.platform;
    holder = await activeUser(platform, env.first.adminToken, { lastName: 'Louty', firstName: 'Jean', email: 'jean.louty@chru.fr', emailConfirmation: 'jean.louty@chru.fr' });
    colleague = await activeUser(platform, env.first.adminToken, { lastName: 'Martin', firstName: 'Claire', email: 'claire.martin@chru.fr', emailConfirmation: 'claire.martin@chru.fr' });
  });
  afterAll(() => platform?.close());

  const personalData = (token: string | undefined, id = holder.id) => platform.api('GET', `/api/accounts/${id}/personal-data`, { token });

  it.each([
    ['anonymous', 401, () => undefined],
    ['the holder', 200, () => holder.token],
    ['another user of the employer', 403, () => colleague.token],
    ['the employer’s administrator', 200, () => env.first.adminToken],
    ['another employer’s administrator', 404, () => env.second.adminToken],
    ['the DRS', 200, () => env.drsToken],
    ['an auditor', 403, () => env.auditorToken],
  ])('given %s, answers %i', async (_caller, status, token) => {
    expect((await personalData(token())).status).toBe(status);
  });

  it('given an unknown account, answers 404 to the DRS', async () => {
    expect((await personalData(env.drsToken, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('lists the values the account holds, each with its stores and the configured retention', async () => {
    const details = (await platform.api('GET', `/api/accounts/${holder.id}`, { token: env.first.adminToken })).body;
    const report = (await personalData(holder.token)).body;
    const datum = (field: string) => report.data.find((d: { field: string }) => d.field === field);
    expect(datum('identifier').value).toBe(details.identifier);
    expect(datum('lastName').value).toBe(details.lastName);
    expect(datum('email').value).toBe('jean.louty@chru.fr');
    expect(datum('professionalAddress').value).toEqual(details.professionalAddress);
    expect(datum('email').stores.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['event-log', 'read-model:account-list', 'outbox-mails']));
    expect(datum('email').retention).toMatchObject({ rule: 'account-life', months: 24 });
    expect(report.retention).toEqual({ closedMonths: 24, signInMonths: 6 });
  });

  it('lists the sign-ins with the source address their events recorded, kept for the sign-in retention', async () => {
    const report = (await personalData(holder.token)).body;
    expect(report.signIns.filter((s: { outcome: string }) => s.outcome === 'success').length).toBeGreaterThanOrEqual(1);
    const addresses = report.data.find((d: { field: string }) => d.field === 'sourceAddresses');
    expect(addresses.value).toEqual(expect.arrayContaining([expect.stringMatching(/127\.0\.0\.1/)]));
    expect(addresses.retention).toMatchObject({ rule: 'sign-in', months: 6 });
  });

  describeInChromium('« Mes données » in Chromium', (browser) => {
    it('shows the holder each datum, where it is kept and for how long, in French, and passes axe', async () => {
      const page = await pageWithSession(browser(), platform.url, holder.token);
      expect((await page.goto(`${platform.url}/mon-compte/donnees`))?.status()).toBe(200);
      expect(await page.locator('h1').textContent()).toBe('Mes données');
      const email = page.locator('article', { has: page.locator('h3', { hasText: 'Adresse électronique' }) });
      await expect(email.textContent()).resolves.toContain('jean.louty@chru.fr');
      await expect(email.textContent()).resolves.toContain('Courriels envoyés');
      await expect(email.textContent()).resolves.toContain('puis effacé 24 mois après sa suppression ou sa fermeture');
      await expect(page.locator('body').textContent()).resolves.toContain('sont conservés 6 mois après chaque connexion, puis effacés');
      await expectAccessible(page, '« Mes données »');
      await page.context().close();
    });

    it('sends a visitor who is not signed in to sign in', async () => {
      const page = await browser().newPage();
      await page.goto(`${platform.url}/mon-compte/donnees`);
      expect(new URL(page.url()).pathname).toBe('/');
      await page.close();
    });
  });
});
