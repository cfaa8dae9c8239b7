// The set-ups the platform's integration specs share: who is signed in, which employers exist.
import type { EventStore } from '@peps/event-store';
import { EVENT_STORE } from '@peps/runtime';
import { AttemptLimiter, type AttemptLimits } from '../access/throttling/attempt-limiter.js';
import { AUDITOR, employerWithAdministrator, OPERATOR, startTestPlatform, type TestPlatform } from './test-platform.js';

/** An employer registered by the DRS, with its first administrator's password created and a session. */
export type EmployerFixture = Awaited<ReturnType<typeof employerWithAdministrator>>;

/** The session of the DRS operator the platform bootstraps at start. */
export const signInOperator = (platform: TestPlatform): Promise<string> => platform.signIn(OPERATOR.identifier, OPERATOR.password);

/** The session of the auditor startTestPlatform creates. */
export const signInAuditor = (platform: TestPlatform): Promise<string> => platform.signIn(AUDITOR.identifier, AUDITOR.password);

/** Signs the DRS operator in and registers an employer (`seed` makes its name and SIRET) with a signed-in administrator. */
export async function registerEmployerWithAdministrator(platform: TestPlatform, seed: number): Promise<EmployerFixture & { drsToken: string }> {
  const drsToken = await signInOperator(platform);
  return { drsToken, ...(await employerWithAdministrator(platform, drsToken, seed)) };
}

/** A fresh platform with one employer whose administrator is signed in (seed 0 is « CHRU DE NANTES »). */
export async function startWithAdministrator(seed: number, env: Record<string, string> = {}, options: Parameters<typeof startTestPlatform>[1] = {}) {
  const platform = await startTestPlatform(env, options);
  return { platform, ...(await registerEmployerWithAdministrator(platform, seed)) };
}

/** A fresh platform with every kind of staff signed in: the DRS operator, the auditor and the administrators of two employers. */
export async function startWithTwoEmployers(seeds: [number, number], env: Record<string, string> = {}) {
  const platform = await startTestPlatform(env);
  const drsToken = await signInOperator(platform);
  const auditorToken = await signInAuditor(platform);
  const first = await employerWithAdministrator(platform, drsToken, seeds[0]);
  const second = await employerWithAdministrator(platform, drsToken, seeds[1]);
  return { platform, drsToken, auditorToken, first, second };
}

/**
 * Runs `work` with the sign-in limits it sets through `limitTo` (each call starts the counts afresh), then puts back
 * the far higher limits startTestPlatform sets, with empty counts.
 */
export async function withAttemptLimits(platform: TestPlatform, work: (limitTo: (limits: AttemptLimits) => void) => Promise<void>): Promise<void> {
  const limiter = platform.app.get(AttemptLimiter);
  const saved = limiter.limits;
  try {
    await work((limits) => {
      limiter.reset();
      limiter.limits = limits;
    });
  } finally {
    limiter.reset();
    limiter.limits = saved;
  }
}

/** Three capital letters, different for each `n` below 26³ (AAA, AAB, …): many distinct last names, which take no digits. */
export const threeLetters = (n: number): string =>
  Array.from({ length: 3 }, (_, i) => String.fromCharCode(65 + (Math.floor(n / 26 ** (2 - i)) % 26))).join('');

/** The data of an operator's security-log events of one type (operators have no account stream; see SecurityAudit). */
export async function operatorSecurityLog(platform: TestPlatform, identifier: string, type: string): Promise<Record<string, unknown>[]> {
  const { rows } = await platform.db.query<{ account_id: string }>('select account_id from auth.operators where identifier = $1', [identifier]);
  const events = await platform.app.get<EventStore>(EVENT_STORE).readStream(`security-${rows[0]!.account_id}`);
  return events.filter((event) => event.type === type).map((event) => event.data as Record<string, unknown>);
}
