import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { defaultRightsTemplate } from '@peps/domain';
import { activeUser, signInOperator, startWithTwoEmployers, STRONG_PASSWORD, type TestPlatform } from '../../testing/index.js';

const DAY_MS = 86_400_000;

describe('GET /api/cgu/versions over HTTP (PGlite)', () => {
  let platform: TestPlatform;
  let drs: string;
  let auditor: string;
  let admin: string;
  let adminIdentifier: string;
  let otherAdmin: string;

  beforeAll(async () => {
    const staff = await startWithTwoEmployers([41, 42]);
    ({ platform, drsToken: drs, auditorToken: auditor } = staff);
    ({ adminToken: admin, admin: { identifier: adminIdentifier } } = staff.first);
    otherAdmin = staff.second.adminToken;
  }, 60_000);
  afterAll(() => platform.close());

  it('answers an empty list before any publication', async () => {
    const answer = await platform.api('GET', '/api/cgu/versions', { token: drs });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([]);
  });

  it('lists the published versions newest first; an administrator also sees acceptance and the date from which to accept', async () => {
    const before = Date.now();
    for (const version of ['2024-1', '2025-1']) {
      expect((await platform.api('POST', '/api/cgu/versions', { token: drs, body: { version, text: `Conditions ${version}` } })).status).toBe(201);
    }

    for (const token of [drs, auditor]) {
      const answer = await platform.api('GET', '/api/cgu/versions', { token });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual([
        { version: '2025-1', publishedAt: expect.any(String) },
        { version: '2024-1', publishedAt: expect.any(String) },
      ]);
      expect(new Date(answer.body[0].publishedAt).getTime()).toBeGreaterThanOrEqual(new Date(answer.body[1].publishedAt).getTime());
    }

    const mine = await platform.api('GET', '/api/cgu/versions', { token: admin });
    expect(mine.status).toBe(200);
    expect(mine.body.map((v: { version: string }) => v.version)).toEqual(['2025-1', '2024-1']);
    for (const entry of mine.body) {
      expect(entry).toEqual({ version: entry.version, publishedAt: expect.any(String), acceptedByEmployer: false, mayAcceptFrom: expect.any(String) });
      // 8 days after the administrator's creation (a little before this test started).
      const delay = new Date(entry.mayAcceptFrom).getTime() - before;
      expect(delay).toBeGreaterThan(7 * DAY_MS);
      expect(delay).toBeLessThanOrEqual(8 * DAY_MS);
    }

    await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 9 * DAY_MS).toISOString() } });
    try {
      const later = await platform.signIn(adminIdentifier, STRONG_PASSWORD);
      expect((await platform.api('POST', '/api/cgu/versions/2024-1/acceptance', { token: later })).status).toBe(201);
      const after = await platform.api('GET', '/api/cgu/versions', { token: later });
      expect(after.body.map((v: { version: string; acceptedByEmployer: boolean }) => [v.version, v.acceptedByEmployer])).toEqual([
        ['2025-1', false],
        ['2024-1', true],
      ]);
    } finally {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
      admin = await platform.signIn(adminIdentifier, STRONG_PASSWORD);
      drs = await signInOperator(platform);
    }

    // Another employer's acceptance is its own.
    const other = await platform.api('GET', '/api/cgu/versions', { token: otherAdmin });
    expect(other.status).toBe(200);
    expect(other.body.every((v: { acceptedByEmployer: boolean }) => v.acceptedByEmployer === false)).toBe(true);
  });

  it('refuses anonymous callers (401) and users (403)', async () => {
    expect((await platform.api('GET', '/api/cgu/versions')).status).toBe(401);
    const user = await activeUser(platform, admin, { email: 'cgu.user@chu.fr', emailConfirmation: 'cgu.user@chu.fr' });
    expect((await platform.api('GET', '/api/cgu/versions', { token: user.token })).status).toBe(403);
  });

  it("GET /api/services gives an administrator their employer's default rights, and no one else", async () => {
    const mine = await platform.api('GET', '/api/services', { token: admin });
    expect(mine.status).toBe(200);
    expect(mine.body.defaults).toEqual(defaultRightsTemplate);
    const drsAnswer = await platform.api('GET', '/api/services', { token: drs });
    expect(drsAnswer.status).toBe(200);
    expect(drsAnswer.body.defaults).toBeUndefined();
  });
});
