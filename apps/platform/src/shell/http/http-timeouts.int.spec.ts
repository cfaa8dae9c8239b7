import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type Socket } from 'node:net';
import { startTestPlatform, type TestPlatform } from '../../testing/test-platform.js';

/** Security review, finding 9: slow clients are cut within the configured bounds, not after Node's 60 s / 300 s. */
describe('HTTP server timeouts (real sockets)', () => {
  let platform: TestPlatform;
  let port: number;

  beforeAll(async () => {
    platform = await startTestPlatform({
      PEPS_HTTP_HEADERS_TIMEOUT_MS: '1000',
      PEPS_HTTP_REQUEST_TIMEOUT_MS: '1000',
      PEPS_HTTP_KEEP_ALIVE_TIMEOUT_MS: '1000',
    });
    port = Number(new URL(platform.url).port);
  }, 60_000);
  afterAll(() => platform.close());

  /** Opens a socket, runs `drive`, and resolves with what the server answered and when it closed (or gave up). */
  function session(drive: (socket: Socket) => NodeJS.Timeout | undefined, giveUpMs = 8_000): Promise<{ closedAfterMs?: number; answer: string }> {
    return new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      const started = Date.now();
      let answer = '';
      let dripping: NodeJS.Timeout | undefined;
      const finish = (closedAfterMs?: number) => {
        clearInterval(dripping);
        clearTimeout(giveUp);
        socket.destroy();
        resolve({ closedAfterMs, answer });
      };
      const giveUp = setTimeout(() => finish(undefined), giveUpMs);
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => finish(Date.now() - started));
      socket.on('connect', () => (dripping = drive(socket)));
    });
  }

  function drip(socket: Socket, bytes: string, everyMs: number): NodeJS.Timeout {
    let i = 0;
    return setInterval(() => {
      if (i < bytes.length && !socket.destroyed) socket.write(bytes[i++]!);
    }, everyMs);
  }

  it('a body dripped one byte at a time is cut within the request timeout (1 s), not minutes', async () => {
    const body = JSON.stringify({ identifier: 'ABC000001' }).padEnd(200, ' ');
    const { closedAfterMs, answer } = await session((socket) => {
      socket.write(`POST /api/password/forgotten HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
      return drip(socket, body, 200);
    });
    expect(closedAfterMs).toBeDefined();
    expect(closedAfterMs!).toBeLessThan(2_500);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('headers dripped one byte at a time are cut within the headers timeout (1 s)', async () => {
    const { closedAfterMs, answer } = await session((socket) => drip(socket, 'GET /api/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ' + 'a'.repeat(100), 100));
    expect(closedAfterMs).toBeDefined();
    expect(closedAfterMs!).toBeLessThan(2_500);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('an idle kept-alive connection is closed after the keep-alive timeout (1 s)', async () => {
    let answeredAt = 0;
    const { closedAfterMs, answer } = await session((socket) => {
      socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n');
      socket.once('data', () => (answeredAt = Date.now()));
      return undefined;
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(answer.toLowerCase()).toContain('keep-alive: timeout=1');
    expect(closedAfterMs).toBeDefined();
    expect(answeredAt).toBeGreaterThan(0);
    expect(closedAfterMs!).toBeLessThan(3_000);
  });

  it('an ordinary request is not affected', async () => {
    expect((await platform.api('POST', '/api/password/forgotten', { body: { identifier: 'ABC000001' } })).status).toBe(202);
  });
});
