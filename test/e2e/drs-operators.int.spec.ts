import { describe, expect, it, jest } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { MAX_CONSECUTIVE_FAILED_SIGN_INS } from '@peps/domain';
import { Operators } from '@peps/runtime';
import { PasswordHasher } from '@peps/platform';
import { check, OPERATOR, signInThroughPage, signOut, inChromium, type E2E } from './support.js';

jest.setTimeout(120_000);

/** Issue 15, finding 2: a DRS operator locked after failed sign-ins, unlocked by another one from « Opérateurs ». */
describe('The « Opérateurs » page in Chromium', () => {
  let e2e: E2E;
  let page: Page;
  const PASSWORD = 'Operateur#Page2025';

  inChromium({ timeoutMs: 10_000 }, (started, opened) => {
    e2e = started;
    page = opened;
  });

  it('shows a locked operator and « Débloquer » lets them sign in again', async () => {
    await e2e.platform.app.get(Operators).createIfMissing({
      accountId: randomUUID(),
      identifier: 'DRSOPER01',
      passwordHash: await e2e.platform.app.get(PasswordHasher).hash(PASSWORD),
      roles: ['drs', 'auditor'],
      displayName: 'Opérateur DRS DRSOPER01',
    });
    for (let i = 0; i < MAX_CONSECUTIVE_FAILED_SIGN_INS; i += 1) {
      await e2e.platform.api('POST', '/api/auth/login', { body: { identifier: 'DRSOPER01', password: 'Mauvais#2024' } });
    }

    await signInThroughPage(page, e2e.platform.url, OPERATOR.identifier, OPERATOR.password);
    await page.locator('main').getByRole('link', { name: 'Opérateurs' }).click();
    await page.getByRole('heading', { name: 'Opérateurs' }).waitFor();
    const row = page.getByRole('row', { name: /DRSOPER01/ });
    await row.getByText(/Bloqué depuis le/).waitFor();
    await check(page, '30-drs-operateurs');
    await row.getByRole('button', { name: 'Débloquer Opérateur DRS DRSOPER01 (DRSOPER01)' }).click();
    await page.getByText(/est débloqué/).waitFor();
    await page.getByRole('row', { name: /DRSOPER01/ }).getByText('Actif').waitFor();
    expect(await page.getByRole('button', { name: /Débloquer/ }).count()).toBe(0);
    await signOut(page);

    expect((await e2e.platform.api('POST', '/api/auth/login', { body: { identifier: 'DRSOPER01', password: PASSWORD } })).status).toBe(200);
  });
});
