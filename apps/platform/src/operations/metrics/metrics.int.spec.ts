import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { OPERATOR, signInAuditor, startTestPlatform, startWithAdministrator, STRONG_PASSWORD, type TestPlatform } from '../../testing/index.js';

const HEALTH_TOKEN = 'sonde-de-metriques-0123456789abcdef';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** `name{labels} value` lines of the Prometheus text format (comments left out). */
function samples(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with this name and these labels (among others); undefined when there is none. */
function valueOf(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples for ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describe('GET /metrics: the Prometheus text format, for operators and the monitoring probe only (HTTP)', () => {
  let platform: TestPlatform;
  let drsToken: string;
  let adminToken: string;
  let adminId: string;
  let adminIdentifier: string;

  beforeAll(async () => {
    const started = await startWithAdministrator(84, { PEPS_HEALTH_TOKEN: HEALTH_TOKEN, PEPS_RUN_WORKERS: '1' });
    ({ platform, drsToken, adminToken } = started);
    adminId = started.admin.id;
    adminIdentifier = started.admin.identifier;
  }, 60_000);
  afterAll(() => platform.close());

  it('given no session nor token, or a wrong token, when /metrics is asked, then 401 with the platform error and no metric', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${HEALTH_TOKEN}x` }, { 'x-health-token': HEALTH_TOKEN.slice(1) }];
    for (const headers of attempts) {
      const answer = await platform.api('GET', '/metrics', { headers });
      expect(answer.status).toBe(401);
      expect(answer.body.code).toBe('authentication.required');
      expect(JSON.stringify(answer.body)).not.toContain('peps_');
    }
  });

  it('given an employer administrator, when /metrics is asked, then 403', async () => {
    const answer = await platform.api('GET', '/metrics', { token: adminToken });
    expect(answer.status).toBe(403);
    expect(JSON.stringify(answer.body)).not.toContain('peps_');
  });

  it('given a DRS operator, an auditor or PEPS_HEALTH_TOKEN, when /metrics is asked, then the text format, not cached', async () => {
    const callers = [{ token: drsToken }, { token: await signInAuditor(platform) }, { token: HEALTH_TOKEN }, { headers: { 'x-health-token': HEALTH_TOKEN } }];
    for (const caller of callers) {
      const answer = await platform.api('GET', '/metrics', caller);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.body).toContain('# TYPE peps_http_request_duration_seconds histogram');
    }
  });

  it('given requests and sign-ins, when scraped, then latency by route pattern and status, appends, sign-in outcomes, lags and the queue have values', async () => {
    const before = (await platform.api('GET', '/metrics', { token: HEALTH_TOKEN })).body as string;
    expect((await platform.api('GET', `/api/accounts/${adminId}`, { token: adminToken })).status).toBe(200);
    expect((await platform.api('GET', `/api/accounts/${randomUUID()}`, { token: adminToken })).status).toBe(404);
    expect((await platform.api('GET', '/api/nowhere/3f2b8c1e-0000-4000-8000-000000000001')).status).toBe(404);
    await platform.signIn(adminIdentifier, STRONG_PASSWORD);
    expect((await platform.api('POST', '/api/auth/login', { body: { identifier: adminIdentifier, password: 'Pas-le-bon-2024' } })).status).toBe(401);
    expect((await platform.api('POST', '/api/auth/login', { body: { identifier: OPERATOR.identifier, password: 'Pas-le-bon-2024' } })).status).toBe(401);

    const text = (await platform.api('GET', '/metrics', { token: HEALTH_TOKEN })).body as string;
    const added = (name: string, labels: Record<string, string> = {}) => (valueOf(text, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
    const requests = (labels: Record<string, string>) => added('peps_http_request_duration_seconds_count', labels);
    expect(requests({ method: 'GET', route: '/api/accounts/:id', status: '200' })).toBe(1);
    expect(requests({ method: 'GET', route: '/api/accounts/:id', status: '404' })).toBe(1);
    expect(requests({ method: 'GET', route: 'other', status: '404' })).toBe(1);
    expect(requests({ method: 'POST', route: '/api/auth/login', status: '200' })).toBe(1);
    expect(requests({ method: 'POST', route: '/api/auth/login', status: '401' })).toBe(2);
    // The 150 ms floor of every sign-in answer shows in its buckets.
    expect(valueOf(text, 'peps_http_request_duration_seconds_bucket', { method: 'POST', route: '/api/auth/login', status: '401', le: '0.1' })).toBe(0);
    expect(requests({ method: 'GET', route: '/metrics', status: '200' })).toBe(1); // the first scrape

    expect(added('peps_sign_ins_total', { outcome: 'signed-in' })).toBe(1);
    expect(added('peps_sign_ins_total', { outcome: 'refused' })).toBe(2);
    expect(valueOf(text, 'peps_sign_ins_total', { outcome: 'second-factor-asked' })).toBe(0);

    // The administrator's sign-in and failed sign-in are events of its account.
    expect(added('peps_event_store_append_duration_seconds_count', { outcome: 'appended' })).toBeGreaterThanOrEqual(2);
    expect(added('peps_event_store_appended_events_total')).toBeGreaterThanOrEqual(2);
    expect(valueOf(text, 'peps_http_requests_in_flight')).toBe(1); // the scrape itself

    // The runners run in this process (PEPS_RUN_WORKERS=1): every projection and manager has its lag.
    const lags = samples(text).filter((s) => s.name === 'peps_projection_lag_events');
    expect(lags.length).toBeGreaterThan(3);
    for (const lag of lags) expect(lag.value).toBeGreaterThanOrEqual(0);
    for (const manager of ['mail', 'letters', 'deadlines']) {
      expect(valueOf(text, 'peps_process_manager_lag_events', { manager })).toBeGreaterThanOrEqual(0);
      expect(valueOf(text, 'peps_effect_queue_depth', { manager })).toBeGreaterThanOrEqual(0);
    }
    for (const outcome of ['retrying', 'failed']) expect(valueOf(text, 'peps_deliveries', { manager: 'mail', outcome })).toBe(0);
    expect(valueOf(text, 'peps_health_check_ok', { check: 'process-manager:mail' })).toBe(1);
    expect(valueOf(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('given requests naming ids, when scraped, then no label carries an id', async () => {
    const text = (await platform.api('GET', '/metrics', { token: HEALTH_TOKEN })).body as string;
    const values = samples(text).flatMap((s) => Object.values(s.labels));
    expect(values.length).toBeGreaterThan(50);
    expect(values.filter((value) => UUID.test(value))).toEqual([]);
  });
});

describe('GET /metrics: each platform instance counts on its own registry (HTTP)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await startTestPlatform({
      PEPS_HEALTH_TOKEN: HEALTH_TOKEN,
      PEPS_SECOND_FACTOR: 'required',
      PEPS_BOOTSTRAP_OPERATOR_EMAIL: 'drs.metriques@example.org',
    });
  }, 60_000);
  afterAll(() => platform.close());

  it('given a second factor due, when the password is right, then second-factor-asked is counted and no sign-in, on this instance only', async () => {
    const answer = await platform.api('POST', '/api/auth/login', { body: OPERATOR });
    expect(answer.status).toBe(200);
    expect(answer.body.secondFactor).toBeDefined();
    const text = (await platform.api('GET', '/metrics', { token: HEALTH_TOKEN })).body as string;
    expect(valueOf(text, 'peps_sign_ins_total', { outcome: 'second-factor-asked' })).toBe(1);
    expect(valueOf(text, 'peps_sign_ins_total', { outcome: 'signed-in' })).toBe(0);
    // No runner in this process (PEPS_RUN_WORKERS=0): no lag to report, and no stale one.
    expect(samples(text).filter((s) => s.name === 'peps_projection_lag_events')).toEqual([]);
  });
});
