import { configRefusal } from '../testing/config-refusal.js';
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

  it('logs for people on the embedded default and in JSON on a server, unless PEPS_LOG_FORMAT says otherwise', () => {
    expect(loadPlatformConfig({}).logFormat).toBe('pretty');
    expect(loadPlatformConfig({ DATABASE_URL: 'postgres://u@h/db' }).logFormat).toBe('json');
    expect(loadPlatformConfig({ PEPS_LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(loadPlatformConfig({ DATABASE_URL: 'postgres://u@h/db', PEPS_LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('asks every account for a second factor by default, as PEP\'s does since July 2025', () => {
    expect(loadPlatformConfig({}).secondFactor).toBe('required');
    expect(loadPlatformConfig({ PEPS_SECOND_FACTOR: 'administrators' }).secondFactor).toBe('administrators');
    expect(loadPlatformConfig({ PEPS_SECOND_FACTOR: 'off' }).secondFactor).toBe('off');
  });

  it('reads the SMS gateway and the bootstrap operator\'s address for codes', () => {
    const config = loadPlatformConfig({
      SMS_URL: 'smpp://peps:secret@127.0.0.1:2775',
      PEPS_BOOTSTRAP_OPERATOR_ID: 'DRS1',
      PEPS_BOOTSTRAP_OPERATOR_PASSWORD: 'x',
      PEPS_BOOTSTRAP_OPERATOR_EMAIL: 'drs@example.org',
    });
    expect(config.smsUrl).toBe('smpp://peps:secret@127.0.0.1:2775');
    expect(config.bootstrapOperator).toEqual({ identifier: 'DRS1', password: 'x', email: 'drs@example.org' });
  });

  it.each([
    [{ PEPS_SECOND_FACTOR: 'sometimes' }, 'PEPS_SECOND_FACTOR'],
    [{ PEPS_LOG_FORMAT: 'xml' }, 'PEPS_LOG_FORMAT'],
    [{ SMS_URL: 'http://gateway' }, 'SMS_URL'],
    [{ PEPS_BOOTSTRAP_OPERATOR_EMAIL: 'drs@example.org' }, 'PEPS_BOOTSTRAP_OPERATOR_EMAIL'],
    [{ PEPS_BOOTSTRAP_OPERATOR_ID: 'DRS1', PEPS_BOOTSTRAP_OPERATOR_PASSWORD: 'x', PEPS_BOOTSTRAP_OPERATOR_EMAIL: 'nope' }, 'PEPS_BOOTSTRAP_OPERATOR_EMAIL'],
    [{ PEPS_PORT: 'abc' }, 'PEPS_PORT'],
    [{ DATABASE_PREPARED_STATEMENTS: 'off' }, 'DATABASE_PREPARED_STATEMENTS'],
    [{ PEPS_PORT: '70000' }, 'PEPS_PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SMTP_URL: 'not a url' }, 'SMTP_URL'],
    [{ PEPS_DEMO: 'yes' }, 'PEPS_DEMO'],
    [{ PEPS_TEST_CLOCK: '1', NODE_ENV: 'production' }, 'PEPS_TEST_CLOCK'],
    [{ NODE_ENV: 'production', DATABASE_URL: 'postgres://db/peps' }, 'PEPS_MASTER_KEY'],
    [{ PEPS_BOOTSTRAP_OPERATOR_ID: 'TOO-LONG-ID', PEPS_BOOTSTRAP_OPERATOR_PASSWORD: 'x' }, 'PEPS_BOOTSTRAP_OPERATOR_ID'],
    [{ PEPS_BOOTSTRAP_OPERATOR_ID: 'DRS1', PEPS_BOOTSTRAP_OPERATOR_PASSWORD: 'x' }, 'PEPS_BOOTSTRAP_OPERATOR_EMAIL'],
    [{ PEPS_BOOTSTRAP_OPERATOR_ID: 'DRS1' }, 'PEPS_BOOTSTRAP_OPERATOR_PASSWORD'],
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
});
