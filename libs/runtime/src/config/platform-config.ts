import { resolve } from 'node:path';

/** Everything the platform reads from its environment, checked once at start (see CONTRACT.md). */
export interface PlatformConfig {
  port: number;
  dataDir: string;
  databaseUrl?: string;
  /** `DATABASE_PREPARED_STATEMENTS=0` for a transaction-mode connection pooler that cannot keep them. */
  preparedStatements: boolean;
  kurrentDbUrl?: string;
  mongoDbUrl?: string;
  smtpUrl?: string;
  publicUrl: string;
  /** `email`: where the bootstrap operator's second-factor codes go (PEPS_BOOTSTRAP_OPERATOR_EMAIL). */
  bootstrapOperator?: { identifier: string; password: string; email?: string };
  /** `PEPS_SECOND_FACTOR`: who must give a second factor at sign-in and for sensitive actions. */
  secondFactor: SecondFactorSetting;
  /** `SMS_URL`: an SMPP 3.4 gateway (`smpp://user:password@host:port`); unset, SMS are `.txt` files in the outbox. */
  smsUrl?: string;
  demo: boolean;
  testClock: boolean;
  production: boolean;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** Run projections and process managers in this process (embedded default) or leave them to `apps/worker`. */
  runBackground: boolean;
  /** Bounds of the HTTP server (slow clients): see `applyHttpTimeouts` in create-platform.ts. */
  http: HttpTimeouts;
  /** `PEPS_HEALTH_TOKEN`: shows the details of `/api/health` to a caller presenting it (load balancers, monitoring). */
  healthToken?: string;
  /** `PEPS_LOG_FORMAT`: `json` (one pino line per request and message) or `pretty` (Nest's console, for people). */
  logFormat: LogFormat;
  /** How long personal data is kept (CONTRACT.md "Personal data"). */
  retention: RetentionSettings;
  /**
   * `PEPS_MASTER_KEY`: wraps the per-person data keys; unset, a key file in the data folder (embedded default).
   * `PEPS_MASTER_KEY_PREVIOUS`: still read during a rotation (`personal-data:rotate-master-key`).
   */
  masterKey?: string;
  previousMasterKey?: string;
}

export interface RetentionSettings {
  /** `PEPS_RETENTION_CLOSED_MONTHS`: a deleted or closed account's personal data is erased that long after. */
  closedMonths: number;
  /** `PEPS_RETENTION_SIGN_IN_MONTHS`: source addresses and user agents of sign-ins are erased after that. */
  signInMonths: number;
}

export type LogFormat = 'json' | 'pretty';

export interface HttpTimeouts {
  /** Time to receive a request's headers (`PEPS_HTTP_HEADERS_TIMEOUT_MS`). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, headers and body (`PEPS_HTTP_REQUEST_TIMEOUT_MS`). */
  requestTimeoutMs: number;
  /** Idle time a kept-alive connection waits for its next request (`PEPS_HTTP_KEEP_ALIVE_TIMEOUT_MS`). */
  keepAliveTimeoutMs: number;
}

/** Same values as the domain's SecondFactorPolicy (`secondFactorApplies` reads them). */
export type SecondFactorSetting = 'required' | 'administrators' | 'off';

/** A bad value: the message is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const port = integer(env, 'PEPS_PORT', 3000, 0, 65535);
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const kurrentDbUrl = url(env, 'KURRENTDB_URL', ['kurrentdb:', 'kurrentdb+discover:', 'esdb:', 'esdb+discover:']);
  const mongoDbUrl = url(env, 'MONGODB_URL', ['mongodb:', 'mongodb+srv:']);
  const smtpUrl = url(env, 'SMTP_URL', ['smtp:', 'smtps:']);
  const smsUrl = url(env, 'SMS_URL', ['smpp:']);
  const secondFactor = oneOf(env, 'PEPS_SECOND_FACTOR', ['required', 'administrators', 'off'] as const, 'required');
  const publicUrl = url(env, 'PEPS_PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const embedded = !databaseUrl && !kurrentDbUrl;
  const production = env.NODE_ENV === 'production';
  const testClock = flag(env, 'PEPS_TEST_CLOCK', false);
  // People read the embedded default's console; a server's output goes to a log collector.
  const logFormat = oneOf(env, 'PEPS_LOG_FORMAT', ['json', 'pretty'] as const, embedded ? 'pretty' : 'json');
  if (testClock && production) throw new ConfigError('PEPS_TEST_CLOCK: refused when NODE_ENV=production');

  const http: HttpTimeouts = {
    headersTimeoutMs: integer(env, 'PEPS_HTTP_HEADERS_TIMEOUT_MS', 10_000, 100, 600_000),
    requestTimeoutMs: integer(env, 'PEPS_HTTP_REQUEST_TIMEOUT_MS', 30_000, 100, 3_600_000),
    keepAliveTimeoutMs: integer(env, 'PEPS_HTTP_KEEP_ALIVE_TIMEOUT_MS', 5_000, 100, 600_000),
  };
  if (http.headersTimeoutMs > http.requestTimeoutMs) {
    throw new ConfigError(
      `PEPS_HTTP_HEADERS_TIMEOUT_MS: must not exceed PEPS_HTTP_REQUEST_TIMEOUT_MS (${http.headersTimeoutMs} > ${http.requestTimeoutMs})`,
    );
  }

  const healthToken = env.PEPS_HEALTH_TOKEN?.trim() || undefined;
  if (healthToken !== undefined && !/^[\x21-\x7e]{16,200}$/.test(healthToken)) {
    throw new ConfigError('PEPS_HEALTH_TOKEN: expected 16 to 200 visible ASCII characters, no spaces');
  }

  const operatorId = env.PEPS_BOOTSTRAP_OPERATOR_ID?.trim();
  const operatorPassword = env.PEPS_BOOTSTRAP_OPERATOR_PASSWORD;
  let bootstrapOperator: PlatformConfig['bootstrapOperator'];
  if (operatorId || operatorPassword) {
    if (!operatorId || !/^[A-Za-z0-9]{1,9}$/.test(operatorId)) {
      throw new ConfigError('PEPS_BOOTSTRAP_OPERATOR_ID: must be 1 to 9 letters or digits');
    }
    if (!operatorPassword) throw new ConfigError('PEPS_BOOTSTRAP_OPERATOR_PASSWORD: required with PEPS_BOOTSTRAP_OPERATOR_ID');
    bootstrapOperator = { identifier: operatorId.toUpperCase(), password: operatorPassword };
  }
  const operatorEmail = env.PEPS_BOOTSTRAP_OPERATOR_EMAIL?.trim();
  if (operatorEmail) {
    if (!bootstrapOperator) throw new ConfigError('PEPS_BOOTSTRAP_OPERATOR_EMAIL: needs PEPS_BOOTSTRAP_OPERATOR_ID');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(operatorEmail)) throw new ConfigError('PEPS_BOOTSTRAP_OPERATOR_EMAIL: not an e-mail address');
    bootstrapOperator.email = operatorEmail;
  }
  // Operators are always asked for a second factor unless it is off: without an address they could never sign in.
  if (bootstrapOperator && !bootstrapOperator.email && secondFactor !== 'off') {
    throw new ConfigError(`PEPS_BOOTSTRAP_OPERATOR_EMAIL: required with PEPS_BOOTSTRAP_OPERATOR_ID while PEPS_SECOND_FACTOR is ${secondFactor} (the operator's codes go there)`);
  }

  const masterKey = env.PEPS_MASTER_KEY?.trim() || undefined;
  // A key file next to a database server would be one per machine: every process must be given the same key.
  if (production && databaseUrl && !masterKey) {
    throw new ConfigError('PEPS_MASTER_KEY: obligatoire en production avec DATABASE_URL (la clé maîtresse des données personnelles, la même pour tous les processus)');
  }

  return {
    port,
    dataDir: resolve(env.PEPS_DATA_DIR?.trim() || './var'),
    databaseUrl,
    preparedStatements: flag(env, 'DATABASE_PREPARED_STATEMENTS', true),
    kurrentDbUrl,
    mongoDbUrl,
    smtpUrl,
    publicUrl: publicUrl.replace(/\/+$/, ''),
    bootstrapOperator,
    secondFactor,
    smsUrl,
    demo: flag(env, 'PEPS_DEMO', embedded),
    testClock,
    production,
    sessionIdleMinutes: integer(env, 'PEPS_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
    sessionAbsoluteHours: integer(env, 'PEPS_SESSION_ABSOLUTE_HOURS', 12, 1, 24 * 30),
    runBackground: flag(env, 'PEPS_RUN_WORKERS', true),
    http,
    healthToken,
    logFormat,
    retention: {
      closedMonths: months(env, 'PEPS_RETENTION_CLOSED_MONTHS'),
      signInMonths: months(env, 'PEPS_RETENTION_SIGN_IN_MONTHS'),
    },
    masterKey,
    previousMasterKey: env.PEPS_MASTER_KEY_PREVIOUS?.trim() || undefined,
  };
}

/** A retention period: 1 to 120 months, 12 by default (CNIL: sign-in logs 6 months to 1 year). */
function months(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 12;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 120) {
    throw new ConfigError(`${name} : une durée en mois est attendue, nombre entier de 1 à 120 (reçu « ${raw} »)`);
  }
  return Number(raw);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(`${name}: expected an integer between ${min} and ${max}, got "${raw}"`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!(values as readonly string[]).includes(raw)) throw new ConfigError(`${name}: expected one of ${values.join(', ')}, got "${raw}"`);
  return raw as T;
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (raw === '1' || raw === 'true') return true;
  if (raw === '0' || raw === 'false') return false;
  throw new ConfigError(`${name}: expected 0 or 1, got "${raw}"`);
}

function url(env: NodeJS.ProcessEnv, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name}: not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name}: expected a ${protocols.map((p) => p.replace(':', '://')).join(' or ')} URL`);
  }
  return raw;
}
