import { loadPlatformConfig } from './platform-config.js';

// Their refusals are in platform-config.spec.ts, with every other variable's.
describe('HTTP timeouts and the health token (configuration)', () => {
  it('bounds slow clients by default: 10 s for headers, 30 s for a whole request, 5 s of keep-alive', () => {
    expect(loadPlatformConfig({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000 });
    expect(
      loadPlatformConfig({ PEPS_HTTP_HEADERS_TIMEOUT_MS: '2000', PEPS_HTTP_REQUEST_TIMEOUT_MS: '4000', PEPS_HTTP_KEEP_ALIVE_TIMEOUT_MS: '1500' }).http,
    ).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 4000, keepAliveTimeoutMs: 1500 });
  });

  it('keeps the health token, unset by default', () => {
    expect(loadPlatformConfig({}).healthToken).toBeUndefined();
    expect(loadPlatformConfig({ PEPS_HEALTH_TOKEN: 'sonde-0123456789abcdef' }).healthToken).toBe('sonde-0123456789abcdef');
  });
});
