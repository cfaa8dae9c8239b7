import { ConfigError, loadPlatformConfig } from './platform-config.js';

describe('platform configuration', () => {
  it('has the defaults of CONTRACT.md on the embedded default', () => {
    const config = loadPlatformConfig({});
    expect(config).toMatchObject({ port: 3000, publicUrl: 'http://localhost:3000', demo: true, testClock: false });
    expect(config.dataDir.endsWith('/var')).toBe(true);
  });

  it('turns the demonstration off by default on a server', () => {
    expect(loadPlatformConfig({ DATABASE_URL: 'postgres://u@h/db' }).demo).toBe(false);
  });

  it('prepares statements on a server unless DATABASE_PREPARED_STATEMENTS=0 (a pooler that cannot keep them)', () => {
    expect(loadPlatformConfig({ DATABASE_URL: 'postgres://u@h/db' }).preparedStatements).toBe(true);
    expect(loadPlatformConfig({ DATABASE_URL: 'postgres://u@h/db', DATABASE_PREPARED_STATEMENTS: '0' }).preparedStatements).toBe(false);
  });

  it.each([
    [{ PEPS_PORT: 'abc' }, 'PEPS_PORT'],
    [{ DATABASE_PREPARED_STATEMENTS: 'off' }, 'DATABASE_PREPARED_STATEMENTS'],
    [{ PEPS_PORT: '70000' }, 'PEPS_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ PEPS_DEMO: 'yes' }, 'PEPS_DEMO'],
    [{ PEPS_TEST_CLOCK: '1', NODE_ENV: 'production' }, 'PEPS_TEST_CLOCK'],
    [{ PEPS_BOOTSTRAP_OPERATOR_ID: 'TOO-LONG-ID', PEPS_BOOTSTRAP_OPERATOR_PASSWORD: 'x' }, 'PEPS_BOOTSTRAP_OPERATOR_ID'],
    [{ PEPS_BOOTSTRAP_OPERATOR_ID: 'DRS1' }, 'PEPS_BOOTSTRAP_OPERATOR_PASSWORD'],
  ])('refuses %j with one line naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadPlatformConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message.startsWith(`${variable}:`)).toBe(true);
    expect((error as Error).message).not.toContain('\n');
  });
});
