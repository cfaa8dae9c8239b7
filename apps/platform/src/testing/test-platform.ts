import { luhnIsValid } from '@peps/domain';
import { jeanLoutyContact } from '@peps/domain/testing';
import { createEventStoreTestDatabase } from '@peps/event-store/testing';
import type { SqlDatabase } from '@peps/sql';
import type { TestDatabaseKind } from '@peps/sql/testing';
import { AttemptLimiter } from '../access/throttling/attempt-limiter.js';
import { Operators } from '@peps/runtime';
import { loadPlatformConfig, type PlatformConfig } from '@peps/runtime';
import { createPlatform, type PlatformApplication } from '../shell/create-platform.js';
import { PasswordHasher } from '../access/passwords/password-hasher.js';
import { SQL_DATABASE } from '@peps/runtime';

export const OPERATOR = { identifier: 'DRS1', password: 'Operateur#2024' };
export const AUDITOR = { identifier: 'AUDIT1', password: 'Auditeur#2024' };
export const STRONG_PASSWORD = 'Pep$Comptes2024';

export interface ApiAnswer {
  status: number;
  body: any;
  headers: Headers;
}

export interface TestPlatform {
  app: PlatformApplication;
  url: string;
  db: SqlDatabase;
  config: PlatformConfig;
  api(method: string, path: string, options?: { body?: unknown; raw?: string; token?: string; headers?: Record<string, string> }): Promise<ApiAnswer>;
  signIn(identifier: string, password: string): Promise<string>;
  /** The latest raw link token handed to the mail sender for an account (what the mail would contain). */
  linkToken(accountId: string, purpose?: 'invitation' | 'password-reset'): Promise<string>;
  /** Events in the store; `decisionsOnly` leaves out what the notification reactor records after a delivery (it runs apart from the request). */
  eventCount(options?: { decisionsOnly?: boolean }): Promise<number>;
  close(): Promise<void>;
}

/**
 * The real platform on a fresh PGlite database cloned from the event-store template, listening on a free port (or
 * on `port`, for a spec whose PEPS_PUBLIC_URL must be the address it listens on: WebAuthn checks the origin).
 */
export async function startTestPlatform(env: Record<string, string> = {}, options: { port?: number; database?: TestDatabaseKind } = {}): Promise<TestPlatform> {
  // `postgres`: a fresh database on DATABASE_URL's server (a bench measuring the platform without PGlite in its process).
  const database = await createEventStoreTestDatabase(options.database ?? 'pglite');
  const config = loadPlatformConfig({
    PEPS_DEMO: '0',
    // Specs of other features sign in with the password alone; the second-factor specs pass 'required'.
    PEPS_SECOND_FACTOR: 'off',
    PEPS_TEST_CLOCK: '1',
    PEPS_RUN_WORKERS: '0',
    PEPS_PUBLIC_URL: 'http://localhost:3000',
    PEPS_BOOTSTRAP_OPERATOR_ID: OPERATOR.identifier,
    PEPS_BOOTSTRAP_OPERATOR_PASSWORD: OPERATOR.password,
    ...env,
  });
  const log = console.log;
  console.log = () => undefined; // the start-up banner (operator, demo link) is for humans
  const app = await createPlatform(config, { db: database.db, logger: ['error'] });
  await app.listen(options.port ?? 0, '127.0.0.1');
  console.log = log;
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  const db = app.get<SqlDatabase>(SQL_DATABASE);
  const hasher = app.get(PasswordHasher);
  await app.get(Operators).createIfMissing({
    accountId: '00000000-0000-4000-8000-0000000a0d17',
    identifier: AUDITOR.identifier,
    passwordHash: await hasher.hash(AUDITOR.password),
    roles: ['auditor'],
    displayName: 'Auditeur',
  });
  // Tests sign in far more often than a person would.
  app.get(AttemptLimiter).limits = { perAddress: 100_000, perSubject: 100_000, windowMs: 60_000 };

  const api: TestPlatform['api'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed, headers: response.headers };
  };
  return {
    app,
    url,
    db,
    config,
    api,
    async signIn(identifier, password) {
      const answer = await api('POST', '/api/auth/login', { body: { identifier, password } });
      if (answer.status !== 200) throw new Error(`sign-in of ${identifier} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return answer.body.token as string;
    },
    async linkToken(accountId, purpose = 'invitation') {
      const { rows } = await db.query<{ token: string }>(
        `select token from auth.outgoing_links where account_id = $1 and purpose = $2 order by created_at desc limit 1`,
        [accountId, purpose],
      );
      if (!rows[0]) throw new Error(`no ${purpose} link for ${accountId}`);
      return rows[0].token;
    },
    async eventCount(options = {}) {
      const where = options.decisionsOnly ? ` where type not like 'notification.%'` : '';
      const { rows } = await db.query<{ n: string }>(`select count(*)::text as n from es.events${where}`);
      return Number(rows[0].n);
    },
    async close() {
      await app.close().catch(() => undefined);
      await database.destroy().catch(() => undefined);
    },
  };
}

/** A 14-digit SIRET with a valid Luhn key, different for each seed. */
export function validSiret(seed: number): string {
  const base = `2644${String(seed).padStart(9, '0')}`;
  for (let digit = 0; digit <= 9; digit += 1) {
    if (luhnIsValid(base + digit)) return base + digit;
  }
  throw new Error('unreachable');
}

export const guideAddress = ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'];

/** The guide's Jean Louty as the account form's body (POST /api/accounts), with `overrides`. */
export function accountBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...jeanLoutyContact, emailConfirmation: jeanLoutyContact.email, phone: '0241051938', ...overrides };
}

export function establishmentBody(seed: number, administrator: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: seed === 0 ? 'CHRU DE NANTES' : `ETABLISSEMENT ${seed}`,
    siret: validSiret(seed),
    legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe', address: guideAddress },
    firstAdministrator: accountBody({
      profile: 'administrator',
      lastName: 'Martin',
      firstName: 'Claire',
      civility: 'madame',
      email: `admin${seed}@etablissement.fr`,
      emailConfirmation: `admin${seed}@etablissement.fr`,
      professionalAddress: guideAddress,
      ...administrator,
    }),
  };
}

/** Registers an employer as the DRS and gives its first administrator a password and a session. */
export async function employerWithAdministrator(platform: TestPlatform, drsToken: string, seed: number) {
  const registered = await platform.api('POST', '/api/establishments', { token: drsToken, body: establishmentBody(seed) });
  if (registered.status !== 201) throw new Error(`registration answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  const admin = registered.body.firstAdministrator as { id: string; identifier: string };
  const token = await platform.linkToken(admin.id);
  const setup = await platform.api('POST', '/api/password/setup', { body: { token, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
  if (setup.status !== 200) throw new Error(`password setup answered ${setup.status}: ${JSON.stringify(setup.body)}`);
  const adminToken = await platform.signIn(admin.identifier, STRONG_PASSWORD);
  return { employerId: registered.body.id as string, admin, adminToken };
}

/** Creates a user account (`overrides` of accountBody; an undefined field is left out), still invited; returns its id and identifier. */
export async function invitedUser(platform: TestPlatform, adminToken: string, overrides: Record<string, unknown> = {}) {
  const created = await platform.api('POST', '/api/accounts', { token: adminToken, body: accountBody(overrides) });
  if (created.status !== 201) throw new Error(`creation answered ${created.status}: ${JSON.stringify(created.body)}`);
  return { id: created.body.id as string, identifier: created.body.identifier as string };
}

/** Creates a user account with a password; returns its id, identifier and a session token. */
export async function activeUser(platform: TestPlatform, adminToken: string, overrides: Record<string, unknown> = {}) {
  const { id, identifier } = await invitedUser(platform, adminToken, overrides);
  const token = await platform.linkToken(id);
  await platform.api('POST', '/api/password/setup', { body: { token, password: STRONG_PASSWORD, passwordConfirmation: STRONG_PASSWORD } });
  const session = await platform.signIn(identifier, STRONG_PASSWORD);
  return { id, identifier, token: session };
}
