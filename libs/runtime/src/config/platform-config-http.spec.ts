import { configRefusal } from '../testing/config-refusal.js';
import { ConfigError, loadPlatformConfig } from './platform-config.js';

describe('HTTP timeouts and the health token (configuration)', () => {
  it('bounds slow clients by default: 10 s for headers, 30 s for a whole request, 5 s of keep-alive', () => {
    expect(loadPlatformConfig({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
    expect(
      loadPlatformConfig({ PEPS_HTTP_HEADERS_TIMEOUT_MS: '2000', PEPS_HTTP_REQUEST_TIMEOUT_MS: '4000', PEPS_HTTP_KEEP_ALIVE_TIMEOUT_MS: '1500' }).http,
    ).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1500 });
  });

  it.each([
    [{ PEPS_HTTP_HEADERS_TIMEOUT_MS: 'ten' }, 'PEPS_HTTP_HEADERS_TIMEOUT_MS'],
    [{ PEPS_HTTP_HEADERS_TIMEOUT_MS: '0' }, 'PEPS_HTTP_HEADERS_TIMEOUT_MS'],
    [{ PEPS_HTTP_REQUEST_TIMEOUT_MS: '-1' }, 'PEPS_HTTP_REQUEST_TIMEOUT_MS'],
    [{ PEPS_HTTP_REQUEST_TIMEOUT_MS: '99999999' }, 'PEPS_HTTP_REQUEST_TIMEOUT_MS'],
    [{ PEPS_HTTP_KEEP_ALIVE_TIMEOUT_MS: '5s' }, 'PEPS_HTTP_KEEP_ALIVE_TIMEOUT_MS'],
    [{ PEPS_HTTP_HEADERS_TIMEOUT_MS: '40000' }, 'PEPS_HTTP_HEADERS_TIMEOUT_MS'],
    [{ PEPS_HEALTH_TOKEN: 'short' }, 'PEPS_HEALTH_TOKEN'],
    [{ PEPS_HEALTH_TOKEN: 'with a space inside it' }, 'PEPS_HEALTH_TOKEN'],
    [{ PEPS_HEALTH_TOKEN: 'accentué-0123456789' }, 'PEPS_HEALTH_TOKEN'],
  ] as [Record<string, string>, string][])('refuses %j with one line naming %s', (env, variable) => {
    const error = configRefusal(env);
    expect(error).toBeInstanceOf(ConfigError);
    const { message } = error as Error;
    expect(message.startsWith(`${variable}:`)).toBe(true);
    expect(message).not.toContain('\n');
    expect(message).not.toContain(env.PEPS_HEALTH_TOKEN ?? '\u0000'); // a secret is never echoed
  });

  it('keeps the health token, unset by default', () => {
    expect(loadPlatformConfig({}).healthToken).toBeUndefined();
    expect(loadPlatformConfig({ PEPS_HEALTH_TOKEN: 'sonde-0123456789abcdef' }).healthToken).toBe('sonde-0123456789abcdef');
  });
});
