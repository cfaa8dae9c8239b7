import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JSON_ONLY_MESSAGE } from './sign-in.controller.js';
import { startWithAdministrator, STRONG_PASSWORD, type TestPlatform } from '../../testing/index.js';

describe('POST /api/auth/login takes JSON only (issue 15, finding 4: login CSRF)', () => {
  let platform: TestPlatform;
  let identifier: string;

  beforeAll(async () => ({ platform, admin: { identifier } } = await startWithAdministrator(152)), 120_000);
  afterAll(() => platform.close());

  const post = (headers: Record<string, string>, body?: BodyInit) => fetch(`${platform.url}/api/auth/login`, { method: 'POST', headers, body });

  it('refuses what a cross-site HTML form can send, with the right credentials: 415, a French message, no cookie', async () => {
    const credentials = new URLSearchParams({ identifier, password: STRONG_PASSWORD }).toString();
    const multipart = new FormData();
    multipart.set('identifier', identifier);
    multipart.set('password', STRONG_PASSWORD);
    const cases: Array<[string, Record<string, string>, BodyInit | undefined]> = [
      // <form method=POST action=".../api/auth/login"> as the reviewer sent it
      ['urlencoded', { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' }, credentials],
      // <form enctype="text/plain"> can smuggle a JSON-looking body
      ['text/plain', { 'content-type': 'text/plain' }, JSON.stringify({ identifier, password: STRONG_PASSWORD })],
      ['multipart', {}, multipart],
      ['no content type', {}, new Blob([JSON.stringify({ identifier, password: STRONG_PASSWORD })])],
    ];
    for (const [label, headers, body] of cases) {
      const answer = await post(headers, body);
      const text = await answer.text();
      expect({ label, status: answer.status }).toEqual({ label, status: 415 });
      expect(JSON.parse(text)).toEqual({ statusCode: 415, code: 'unsupported-media-type', message: JSON_ONLY_MESSAGE, errors: [] });
      expect(answer.headers.getSetCookie()).toEqual([]);
    }
  });

  it('signs in with application/json (charset or not): 200 and the session cookie', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8']) {
      const answer = await post({ 'content-type': type }, JSON.stringify({ identifier, password: STRONG_PASSWORD }));
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { token: string };
      expect(answer.headers.getSetCookie().some((c) => c.startsWith('peps_session='))).toBe(true);
      expect((await platform.api('GET', '/api/auth/session', { token: body.token })).status).toBe(200);
    }
  });
});
