import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { describeInChromium } from '../../testing/chromium-suite.js';
import { expectAccessible, OPERATOR, pageWithSession, startWithTwoEmployers, type TestPlatform } from '../../testing/index.js';

jest.setTimeout(180_000);

describe('audit: the rights matrix chosen by name or SIRET, and the CSV exports', () => {
  let platform: TestPlatform;
  let env: Awaited<ReturnType<typeof startWithTwoEmployers>>;
  let employerName: string;
  let siret: string;

  beforeAll(async () => {
    // The audit trail's read model must follow the log: the projections run in the platform here.
    env = await startWithTwoEmployers([61, 62], { PEPS_RUN_WORKERS: '1' });
    platform = env.platform;
    for (let i = 0; i < 100; i++) {
      const items = (await platform.api('GET', '/api/audit/employers', { token: env.auditorToken })).body.items as { employerId: string; name: string; siret: string }[];
      const first = items.find((e) => e.employerId === env.first.employerId);
      if (first && items.length >= 2) {
        employerName = first.name;
        siret = first.siret;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(employerName).toBeDefined();
  });
  afterAll(() => platform?.close());

  it('finds the employer by part of its name, in another case, and by SIRET; nothing for an unknown name', async () => {
    const search = async (text: string) =>
      ((await platform.api('GET', `/api/audit/employers?search=${encodeURIComponent(text)}`, { token: env.auditorToken })).body.items as { employerId: string }[]).map((e) => e.employerId);
    expect(await search(employerName.slice(0, 8).toLowerCase())).toContain(env.first.employerId);
    expect(await search(siret)).toEqual([env.first.employerId]);
    expect(await search('aucun établissement de ce nom')).toEqual([]);
  });

  it('refuses the employer search to administrators and users', async () => {
    expect((await platform.api('GET', '/api/audit/employers', { token: env.first.adminToken })).status).toBe(403);
    expect((await platform.api('GET', '/api/audit/employers')).status).toBe(401);
  });

  it('exports the matrix from the page with its byte-order mark (French spreadsheets read the accents)', async () => {
    const answer = await fetch(`${platform.url}/audit/etablissements/${env.first.employerId}/matrice.csv`, { headers: { cookie: `peps_session=${env.auditorToken}` } });
    expect(answer.status).toBe(200);
    const bytes = new Uint8Array(await answer.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toMatch(/^\uFEFFIdentifiant;Nom;Prénom;Profil;/);
  });

  it('exports the audit journal with its byte-order mark, Paris dates and the operator named', async () => {
    const answer = await fetch(`${platform.url}/audit/export/journal.csv`, { headers: { cookie: `peps_session=${env.auditorToken}` } });
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(new Uint8Array(await answer.arrayBuffer()));
    expect(text.startsWith('\uFEFFDate;Auteur;')).toBe(true);
    const rows = text.split('\r\n').slice(1).filter(Boolean);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2};/);
    expect(text).toContain(`${OPERATOR.identifier} (`);
    expect(text).not.toMatch(/;[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12};/);
  });

  describeInChromium('in Chromium', (browser) => {
    it('the auditor searches by name, opens the matrix, reaches its scrolling table by keyboard; axe passes', async () => {
      const page = await pageWithSession(browser(), platform.url, env.auditorToken);
      await page.goto(`${platform.url}/audit`);
      expect(await page.locator('body').textContent()).not.toContain('Établissement (numéro technique)');
      await page.getByLabel('Nom ou SIRET de l’établissement').fill(employerName.slice(0, 10));
      await page.getByRole('button', { name: 'Choisir l’établissement' }).click();
      await expectAccessible(page, 'the audit employer search');
      await page.getByRole('link', { name: employerName }).click();
      expect(new URL(page.url()).pathname).toBe(`/audit/etablissements/${env.first.employerId}/matrice`);
      const region = page.getByRole('region', { name: /Matrice des droits de/ });
      expect(await region.getAttribute('tabindex')).toBe('0');
      await region.focus();
      expect(await page.evaluate(() => document.activeElement?.classList.contains('table-scroll'))).toBe(true);
      await expectAccessible(page, 'the audit rights matrix');
      await page.context().close();
    });
  });
});
