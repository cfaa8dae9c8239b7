import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createEventStoreTestDatabase } from '@peps/event-store/testing';
import { loadPlatformConfig, SQL_DATABASE } from '@peps/runtime';
import type { SqlDatabase } from '@peps/sql';
import { createPlatform, type PlatformApplication } from '../../shell/create-platform.js';
import { establishmentBody, OPERATOR, STRONG_PASSWORD } from '../../testing/index.js';

type Line = Record<string, unknown>;
const WRONG_PASSWORD = 'Mauvais#Secret2024';
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;

/**
 * PEPS_LOG_FORMAT=json on a real platform whose JSON lines go into an array: the fields of each request's line, and
 * what never reaches the logs (passwords, tokens, cookies, e-mail addresses, paths with ids).
 */
describe('JSON logs: one line per request, no personal data nor secret (HTTP)', () => {
  const raw: string[] = [];
  let app: PlatformApplication;
  let destroy: () => Promise<void>;
  let url: string;

  const call = async (method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(url + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await response.text();
    const json = response.headers.get('content-type')?.startsWith('application/json');
    return { status: response.status, headers: response.headers, body: json && text ? (JSON.parse(text) as any) : undefined, text };
  };
  const lines = (): Line[] => raw.map((line) => JSON.parse(line) as Line);
  const requestLines = () => lines().filter((line) => line.msg === 'request');
  const lineOf = (requestId: string): Line => {
    const found = requestLines().filter((line) => line.requestId === requestId);
    expect(found).toHaveLength(1);
    return found[0]!;
  };
  // The line is written when the answer has gone out: a moment after the client read it.
  const settle = () => new Promise((done) => setTimeout(done, 50));

  const secrets: string[] = [OPERATOR.password, WRONG_PASSWORD, STRONG_PASSWORD];
  let drsToken: string;
  let operatorId: string;
  let registered: { id: string; firstAdministrator: { id: string } };

  beforeAll(async () => {
    const database = await createEventStoreTestDatabase('pglite');
    destroy = () => database.destroy();
    const config = loadPlatformConfig({
      PEPS_DEMO: '0',
      PEPS_SECOND_FACTOR: 'off',
      PEPS_RUN_WORKERS: '0',
      PEPS_LOG_FORMAT: 'json',
      PEPS_PUBLIC_URL: 'http://localhost:3000',
      PEPS_BOOTSTRAP_OPERATOR_ID: OPERATOR.identifier,
      PEPS_BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password,
    });
    const log = console.log;
    console.log = () => undefined; // the bootstrap operator's line is for people
    app = await createPlatform(config, { db: database.db, logDestination: { write: (chunk: string) => void raw.push(...chunk.split('\n').filter(Boolean)) } });
    await app.listen(0, '127.0.0.1');
    console.log = log;
    url = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;

    const signIn = await call('POST', '/api/auth/login', { body: OPERATOR, headers: { 'x-request-id': 'connexion-0001' } });
    expect(signIn.status).toBe(200);
    drsToken = signIn.body.token;
    operatorId = signIn.body.account.id;
    secrets.push(drsToken, signIn.body.csrfToken, signIn.headers.get('set-cookie')!.split(';')[0]!.split('=')[1]!);
  }, 60_000);
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await destroy?.();
  });

  it("given a request, when answered, then its line has the method, the route pattern, the status, the duration and the caller's id", async () => {
    await settle();
    expect(lineOf('connexion-0001')).toEqual({
      level: 'info',
      time: expect.any(String),
      service: 'peps-platform',
      pid: process.pid,
      hostname: expect.any(String),
      msg: 'request',
      requestId: 'connexion-0001',
      method: 'POST',
      route: '/api/auth/login',
      status: 200,
      durationMs: expect.any(Number),
      // No actor yet (the request signs in), no correlation id (an operator's sign-in appends no command event).
    });
    expect(lineOf('connexion-0001').durationMs as number).toBeGreaterThanOrEqual(150); // the sign-in floor

    const answer = await call('POST', '/api/establishments', { token: drsToken, body: establishmentBody(7), headers: { 'x-request-id': 'inscription-0002' } });
    expect(answer.status).toBe(201);
    registered = answer.body;
    await settle();
    const line = lineOf('inscription-0002');
    expect(line).toMatchObject({ method: 'POST', route: '/api/establishments', status: 201, actorId: operatorId });
    // The correlation id is the one the request's events carry: from a log line to the events, and back.
    const db = app.get<SqlDatabase>(SQL_DATABASE);
    const { rows } = await db.query<{ correlation: string }>(`select distinct metadata->>'correlationId' as correlation from es.events where stream_name = $1`, [`employer-${registered.id}`]);
    expect(rows.map((row) => row.correlation)).toEqual([line.correlationId]);
  });

  it('given X-Request-Id, when acceptable, then it is echoed in the answer and the line; when not, a new id is', async () => {
    const kept = await call('GET', '/api/health', { headers: { 'x-request-id': 'sonde-lb-42' } });
    expect(kept.headers.get('x-request-id')).toBe('sonde-lb-42');
    const forged = 'x"},"status":200,"admin":"oui';
    const replaced = await call('GET', '/api/health', { headers: { 'x-request-id': forged } });
    const generated = replaced.headers.get('x-request-id')!;
    expect(generated).toMatch(/^[0-9a-f-]{36}$/);
    await settle();
    expect(lineOf('sonde-lb-42')).toMatchObject({ route: '/api/health', status: 200 });
    expect(lineOf(generated)).toMatchObject({ route: '/api/health', status: 200 });
    expect(raw.join('\n')).not.toContain('"admin"');
  });

  it('given paths with ids, tokens and e-mails, when logged, then the lines carry route patterns only', async () => {
    const adminId = registered.firstAdministrator.id;
    expect((await call('GET', `/api/accounts/${adminId}`, { token: drsToken, headers: { 'x-request-id': 'compte-0003' } })).status).toBe(200);
    const linkToken = 'Zx9_kP-3qLmN8vB2cD4eF6gH8iJ0kL2mN4oP6qR8sT0';
    secrets.push(linkToken);
    await call('GET', `/mot-de-passe/creer?jeton=${linkToken}`, { headers: { 'x-request-id': 'page-0004' } });
    await call('POST', '/api/password/setup', { body: { token: linkToken, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
    await call('POST', '/api/identifier/forgotten', { body: { email: 'claire.martin@etablissement.fr' } });
    await settle();
    expect(lineOf('compte-0003')).toMatchObject({ route: '/api/accounts/:id', status: 200, actorId: operatorId });
    expect(lineOf('page-0004').route).not.toContain(linkToken);
    const routes = requestLines().map((line) => line.route as string);
    expect(routes).toEqual(expect.arrayContaining(['/api/password/setup', '/api/identifier/forgotten']));
    for (const route of routes) expect(route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  it('given a refused sign-in, when logged, then its line says 401 and nothing of what was typed', async () => {
    expect((await call('POST', '/api/auth/login', { body: { identifier: OPERATOR.identifier, password: WRONG_PASSWORD }, headers: { 'x-request-id': 'refus-0005' } })).status).toBe(401);
    await settle();
    expect(lineOf('refus-0005')).toMatchObject({ route: '/api/auth/login', status: 401 });
    expect(lineOf('refus-0005').actorId).toBeUndefined();
  });

  it("given everything logged, then every line is JSON, Nest's own messages included, with no password, token, cookie nor full e-mail", () => {
    expect(raw.length).toBeGreaterThan(10);
    expect(lines().some((line) => line.context === 'NestApplication' && line.level === 'info')).toBe(true);
    const all = raw.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
    // Masked addresses (c***@domain) are what the redaction leaves; a full one never appears.
    expect((all.match(EMAIL) ?? []).filter((email) => !email.includes('***'))).toEqual([]);
    for (const name of ['Dupont', 'Philippe', 'Martin', 'Claire', 'GLORIETTE']) expect(all).not.toContain(name);
  });
});
