import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { describeInChromium } from '../../testing/chromium-suite.js';
import { activeUser, expectAccessible, OPERATOR, pageWithSession, startWithTwoEmployers, type TestPlatform } from '../../testing/index.js';

jest.setTimeout(180_000);

describe('history entries name their author (GET /api/accounts/:id/history)', () => {
  let platform: TestPlatform;
  let env: Awaited<ReturnType<typeof startWithTwoEmployers>>;
  let user: { id: string; identifier: string; token: string };
  let operatorName: string;

  beforeAll(async () => {
    env = await startWithTwoEmployers([41, 42]);
    platform = env.platform;
    user = await activeUser(platform, env.first.adminToken, { lastName: 'Louty', firstName: 'Jean' });
    operatorName = (await platform.api('GET', '/api/auth/session', { token: env.drsToken })).body.account.displayName;
  });
  afterAll(() => platform?.close());

  const history = async (id: string, token: string) => {
    const answer = await platform.api('GET', `/api/accounts/${id}/history`, { token });
    expect(answer.status).toBe(200);
    return answer.body.entries as { type: string; actor: { kind: string; id: string; identifier?: string; name: string } }[];
  };

  it('given an account created by its administrator, names the administrator as an account with identifier', async () => {
    const created = (await history(user.id, env.first.adminToken)).find((e) => e.type === 'account.created')!;
    const admin = (await platform.api('GET', `/api/accounts/${env.first.admin.id}`, { token: env.first.adminToken })).body;
    expect(created.actor).toEqual({ kind: 'account', id: env.first.admin.id, identifier: env.first.admin.identifier, name: `${admin.firstName} ${admin.lastName}` });
  });

  it('given the password created from the link, names the holder', async () => {
    const created = (await history(user.id, env.auditorToken)).find((e) => e.type === 'account.password-created')!;
    expect(created.actor).toEqual({ kind: 'holder', id: user.id, identifier: user.identifier, name: 'Jean Louty' });
  });

  it('given an administrator the DRS registered, names the DRS operator from the operators table', async () => {
    const created = (await history(env.first.admin.id, env.auditorToken)).find((e) => e.type === 'account.created')!;
    expect(created.actor).toMatchObject({ kind: 'operator', identifier: OPERATOR.identifier, name: operatorName });
  });

  it('never answers an author as a bare id', async () => {
    for (const entry of [...(await history(user.id, env.auditorToken)), ...(await history(env.first.admin.id, env.auditorToken))]) {
      expect(typeof entry.actor).toBe('object');
      expect(entry.actor.name).not.toMatch(/^[0-9a-f-]{36}$|^anonymous$/);
    }
  });

  describeInChromium('in Chromium', (browser) => {
    const open = async (token: string, path: string) => {
      const page = await pageWithSession(browser(), platform.url, token);
      const response = await page.goto(platform.url + path);
      expect(response?.status()).toBe(200);
      return page;
    };

    it('the administrator’s « Historique du compte » names authors, not ids, and passes axe', async () => {
      const page = await open(env.first.adminToken, `/comptes/${user.id}/historique`);
      const who = await page.locator('.timeline-who').allTextContents();
      expect(who.length).toBeGreaterThan(1);
      expect(who.join(' ')).toContain(`(${env.first.admin.identifier})`);
      expect(who.join(' ')).toContain('Jean Louty (titulaire du compte');
      expect(who.join(' ')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|anonymous/);
      await expectAccessible(page, 'the administrator’s account history');
    });

    it('the auditor’s history names the DRS operator, and passes axe', async () => {
      const page = await open(env.auditorToken, `/audit/comptes/${env.first.admin.id}`);
      expect((await page.locator('.timeline-who').allTextContents()).join(' ')).toContain(`${operatorName} (DRS, ${OPERATOR.identifier})`);
      await expectAccessible(page, 'the auditor’s account history');
    });
  });
});
