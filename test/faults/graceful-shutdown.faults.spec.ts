import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './support/http.js';
import { freePort, ROOT } from './support/processes.js';
import { sleep, until } from './support/random.js';

const OPERATOR = { identifier: 'DRSARRET', password: 'Operateur#Arret2024' };
const HEALTH_TOKEN = 'sonde-arret-0123456789abcdef';
const BOUND_MS = 10_000;

/** A sign-in whose body trickles in over `ms`: a request still running when the signal comes. */
function slowSignIn(port: number, ms: number): { sent: Promise<void>; answer: Promise<{ status: number; closedByServer: boolean }> } {
  const body = JSON.stringify({ identifier: OPERATOR.identifier, password: 'pas-le-bon-mot-de-passe' });
  const socket = connect(port, '127.0.0.1');
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => void (received += chunk));
  const answer = new Promise<{ status: number; closedByServer: boolean }>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('end', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0), closedByServer: true }));
  });
  const sent = (async () => {
    await new Promise<void>((done) => socket.once('connect', () => done()));
    socket.write(`POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    const pieces = 8;
    for (let i = 0; i < pieces; i++) {
      socket.write(body.slice((i * body.length) / pieces, ((i + 1) * body.length) / pieces));
      await sleep(ms / pieces);
    }
  })();
  return { sent, answer };
}

function connection(port: number): Promise<'connected' | string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/**
 * SIGTERM to the built platform (`npm run test:faults` builds it) on the embedded default, projections and process
 * managers in the process: the request running finishes, a new connection is refused, the runners stop, the
 * database closes, and the process exits 0 within 10 s.
 */
describe('graceful shutdown of the platform on SIGTERM', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'peps-shutdown-'));
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finishes the running request, refuses new connections, stops its runners and exits 0 within 10 s', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const started = spawn(process.execPath, [join(ROOT, 'dist/apps/platform/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PEPS_PORT: String(port),
        PEPS_PUBLIC_URL: url,
        PEPS_DATA_DIR: dataDir,
        PEPS_DEMO: '0',
        PEPS_SECOND_FACTOR: 'off',
        PEPS_LOG_FORMAT: 'json',
        PEPS_HEALTH_TOKEN: HEALTH_TOKEN,
        PEPS_BOOTSTRAP_OPERATOR_ID: OPERATOR.identifier,
        PEPS_BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let output = '';
    started.stdout!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
      started.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
    );
    await until(async () => output.includes('écoute sur'), 60_000, () => `the platform listening:\n${output.slice(-3000)}`);
    // The runners are live and caught up: the health details list them.
    await until(
      async () => {
        const health = await call(url, 'GET', '/api/health', { token: HEALTH_TOKEN });
        return health.status === 200 && health.body.checks?.some((check: { name: string }) => check.name.startsWith('projection:'));
      },
      30_000,
      () => `the projections running:\n${output.slice(-3000)}`,
    );

    const slow = slowSignIn(port, 1_500);
    await sleep(300); // headers and part of the body are in: the request is running
    const signalledAt = performance.now();
    started.kill('SIGTERM');
    await sleep(200);
    expect(await connection(port)).toBe('ECONNREFUSED');

    await slow.sent;
    // The wrong password answers 401 after the sign-in floor: the request ran to its end, the database still open.
    expect(await slow.answer).toEqual({ status: 401, closedByServer: true });
    const exit = await exited;
    const tookMs = exit.at - signalledAt;
    console.log(`[faults] graceful shutdown: exit ${exit.code} ${Math.round(tookMs)} ms after SIGTERM (1.2 s of it the slow request)`);
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(tookMs).toBeLessThan(BOUND_MS);

    // The steps in order, each logged as a JSON line, and the slow request's own line before the runners stopped.
    const lines = output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { msg: string; route?: string; status?: number });
    const at = (pattern: RegExp) => lines.findIndex((line) => pattern.test(line.msg));
    const order = [
      at(/^Arrêt demandé \(SIGTERM\)/),
      lines.findIndex((line) => line.msg === 'request' && line.route === '/api/auth/login' && line.status === 401),
      at(/^Arrêt : connexions refusées, requêtes en cours terminées en \d+ ms$/),
      at(/^Arrêt : application fermée, traitements arrêtés à un point de reprise en \d+ ms$/),
      at(/^Arrêt : journal d'événements et base de données fermés en \d+ ms$/),
      at(/^Arrêté en \d+ ms$/),
    ];
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(lines.filter((line) => /error|erreur|échou/i.test(line.msg))).toEqual([]);
  }, 120_000);
});
