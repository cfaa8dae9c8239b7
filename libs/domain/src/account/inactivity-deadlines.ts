import { addMonths, fromEpochMs, toEpochMs } from '../shared/instant.js';
import type { Account } from './account-state.js';

export const INACTIVITY_MONTHS = 18;
export const INACTIVITY_WARNING_DAY = 20;

export interface InactivityDeadlines {
  /** The 20th of the month before the deactivation month, 00:00 UTC. */
  warningAt: string;
  /** 18 calendar months after the last activity; the 31st becomes the month's last day when needed. */
  deactivationAt: string;
}

/** Calendar arithmetic in UTC, so the result does not depend on the server's time zone. */
export function inactivityDeadlines(lastActivity: string): InactivityDeadlines {
  const deactivationAt = addMonths(lastActivity, INACTIVITY_MONTHS);
  const deactivation = new Date(toEpochMs(deactivationAt));
  const warningAt = Date.UTC(deactivation.getUTCFullYear(), deactivation.getUTCMonth() - 1, INACTIVITY_WARNING_DAY);
  return { warningAt: fromEpochMs(warningAt), deactivationAt };
}

/**
 * « Comptes arrivant à expiration »: the accounts whose inactivity warning is due by `now` (from the 20th of the month
 * before their deactivation month), so those 18 months without activity and those about to be. An account is one of
 * them exactly when its last activity is before the instant returned (exclusive): `inactivityDeadlines(la).warningAt
 * <= now` ⇔ `la < expiryNoticeCutoff(now)`. The deactivation month is the last activity's month + 18 whatever the day.
 */
export function expiryNoticeCutoff(now: string): string {
  const at = new Date(toEpochMs(now));
  const warningDayReached = toEpochMs(now) >= Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), INACTIVITY_WARNING_DAY);
  // The latest deactivation month already warned: next month from the 20th on, this month before it.
  const lastWarnedMonth = at.getUTCMonth() + (warningDayReached ? 1 : 0);
  return fromEpochMs(Date.UTC(at.getUTCFullYear(), lastWarnedMonth - INACTIVITY_MONTHS + 1, 1));
}

/** Last sign-in or renewal, or activation (password creation) for an account never signed in since. */
export function lastActivityOf(account: Account): string | null {
  const candidates = [account.lastSignInAt, account.activatedAt, account.renewedAt].filter((v): v is string => v !== null);
  if (candidates.length === 0) return null;
  return candidates.reduce((a, b) => (toEpochMs(b) > toEpochMs(a) ? b : a));
}

export function accountInactivityDeadlines(account: Account): InactivityDeadlines | null {
  const last = lastActivityOf(account);
  return last === null ? null : inactivityDeadlines(last);
}
