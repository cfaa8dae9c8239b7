import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { activeUser, signInAuditor, startTestPlatform, startWithAdministrator, type TestPlatform } from '../../testing/index.js';

const HEALTH_TOKEN = 'sonde-de-sante-0123456789abcdef';

/** Security review, finding 10 (b): an anonymous caller learns the status only. */
describe('GET /api/health: the status for everyone, the checks for operators or the configured token (HTTP)', () => {
  let platform: TestPlatform;
  let tokens: { drs: string; auditor: string; admin: string; user: string };

  beforeAll(async () => {
    const started = await startWithAdministrator(81, { PEPS_HEALTH_TOKEN: HEALTH_TOKEN, PEPS_RUN_WORKERS: '1' });
    platform = started.platform;
    const user = await activeUser(platform, started.adminToken, { lastName: 'Sante', email: 'sante@chu.fr', emailConfirmation: 'sante@chu.fr' });
    tokens = { drs: started.drsToken, auditor: await signInAuditor(platform), admin: started.adminToken, user: user.token };
  }, 60_000);
  afterAll(() => platform.close());

  const isStatusOnly = (body: unknown) => {
    expect(body).toEqual({ status: expect.stringMatching(/^(ok|degraded)$/) });
    expect(JSON.stringify(body)).not.toMatch(/pglite|postgres|storage|lag|checks/i);
  };
  const isDetailed = (body: any) => {
    expect(body.status).toMatch(/^(ok|degraded)$/);
    expect(body.checks).toEqual(expect.arrayContaining([{ name: 'storage', ok: true, detail: 'pglite' }]));
    expect(body.checks.some((check: { lag?: number }) => typeof check.lag === 'number')).toBe(true);
  };

  it('anonymous: 200 {status} only — no storage kind, no projection positions, no delivery counts', async () => {
    const answer = await platform.api('GET', '/api/health');
    expect(answer.status).toBe(200);
    isStatusOnly(answer.body);
  });

  it('employer accounts (administrator, user) see the status only too', async () => {
    for (const token of [tokens.admin, tokens.user]) isStatusOnly((await platform.api('GET', '/api/health', { token })).body);
  });

  it('signed-in DRS operators and auditors see the checks', async () => {
    for (const token of [tokens.drs, tokens.auditor]) {
      const answer = await platform.api('GET', '/api/health', { token });
      expect(answer.status).toBe(200);
      isDetailed(answer.body);
    }
  });

  it('PEPS_HEALTH_TOKEN, as a bearer token or in X-Health-Token, shows the checks; a wrong or partial one does not', async () => {
    isDetailed((await platform.api('GET', '/api/health', { token: HEALTH_TOKEN })).body);
    isDetailed((await platform.api('GET', '/api/health', { headers: { 'x-health-token': HEALTH_TOKEN } })).body);
    for (const wrong of [HEALTH_TOKEN.slice(0, -1), `${HEALTH_TOKEN}x`, HEALTH_TOKEN.toUpperCase(), 'x'.repeat(5000)]) {
      isStatusOnly((await platform.api('GET', '/api/health', { headers: { 'x-health-token': wrong } })).body);
      isStatusOnly((await platform.api('GET', '/api/health', { headers: { authorization: `Bearer ${wrong}` } })).body);
    }
  });
});

describe('GET /api/health without PEPS_HEALTH_TOKEN (HTTP)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform();
  }, 60_000);
  afterAll(() => platform.close());

  it('no presented token opens the details', async () => {
    const attempts: Record<string, string>[] = [{}, { 'x-health-token': 'undefined' }, { 'x-health-token': '' }, { authorization: 'Bearer ' }];
    for (const headers of attempts) {
      const answer = await platform.api('GET', '/api/health', { headers });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ status: expect.any(String) });
    }
  });
});
