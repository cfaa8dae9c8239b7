import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { PlatformClock } from '@peps/runtime';
import { PLATFORM_CLOCK } from '@peps/runtime';
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js';
import { isLoopbackAddress } from './test-clock.controller.js';

const DAY_MS = 86_400_000;

/** Security review, finding 7: PUT /api/test/clock answers loopback clients only (after the trusted proxies). */
describe('PUT /api/test/clock with PEPS_TEST_CLOCK=1 (HTTP)', () => {
  let platform: TestPlatform;
  const clock = () => platform.app.get<PlatformClock>(PLATFORM_CLOCK);
  const drift = () => Math.abs(clock().now().getTime() - Date.now());

  beforeAll(async () => {
    platform = await startTestPlatform({ PEPS_TEST_CLOCK: '1' });
  }, 60_000);
  afterAll(() => platform.close());

  it.each([
    ['X-Forwarded-For: 203.0.113.7 relayed by the loopback proxy', { 'x-forwarded-for': '203.0.113.7' }],
    ['a forged loopback entry before the real client', { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' }],
    ['an IPv6 remote client', { 'x-forwarded-for': '2001:db8::7' }],
  ])('refuses a remote client (%s) with 404, as if disabled, and the clock does not move', async (_label, headers) => {
    const answer = await platform.api('PUT', '/api/test/clock', { headers, body: { now: new Date(Date.now() + 16 * DAY_MS).toISOString() } });
    expect(answer.status).toBe(404);
    expect(drift()).toBeLessThan(60_000);
    // Before validation: a remote client cannot tell the route exists from a 400 either.
    expect((await platform.api('PUT', '/api/test/clock', { headers, body: { now: 'hier' } })).status).toBe(404);
  });

  it('moves the clock for a loopback client, direct or named by the loopback proxy', async () => {
    try {
      const direct = await platform.api('PUT', '/api/test/clock', { body: { now: new Date(Date.now() + 16 * DAY_MS).toISOString() } });
      expect(direct.status).toBe(200);
      expect(drift()).toBeGreaterThan(15 * DAY_MS);
      const proxied = await platform.api('PUT', '/api/test/clock', {
        headers: { 'x-forwarded-for': '127.0.0.1' },
        body: { now: new Date(Date.now() + 9 * DAY_MS).toISOString() },
      });
      expect(proxied.status).toBe(200);
      expect(Math.round(drift() / DAY_MS)).toBe(9);
    } finally {
      await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } });
    }
    expect(drift()).toBeLessThan(60_000);
  });

  it('is in the OpenAPI document while enabled', async () => {
    expect((await platform.api('GET', '/api/docs/openapi.json')).body.paths['/api/test/clock']).toBeDefined();
  });

  it('knows loopback addresses', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopbackAddress)).toBe(true);
    expect(['203.0.113.7', '::ffff:203.0.113.7', '2001:db8::1', '128.0.0.1', '', undefined].some(isLoopbackAddress)).toBe(false);
  });
});

describe('PUT /api/test/clock with PEPS_TEST_CLOCK=0 (HTTP)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await startTestPlatform({ PEPS_TEST_CLOCK: '0' });
  }, 60_000);
  afterAll(() => platform.close());

  it('answers 404 even to a loopback client, and is not in the OpenAPI document', async () => {
    expect((await platform.api('PUT', '/api/test/clock', { body: { now: new Date().toISOString() } })).status).toBe(404);
    const doc = await platform.api('GET', '/api/docs/openapi.json');
    expect(Object.keys(doc.body.paths).filter((path) => path.startsWith('/api/test/') || path.startsWith('/dev/'))).toEqual([]);
    expect(doc.body.paths['/api/health']).toBeDefined();
  });
});
