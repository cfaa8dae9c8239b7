import { assertNever } from '../../shared/assert-never.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import { isAtOrAfter } from '../../shared/instant.js';
import type { RecordFailedSignIn, RecordPasswordRehash, RecordSignIn, UnlockAccount } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { Account } from '../account-state.js';
import { accountInactivityDeadlines } from '../inactivity-deadlines.js';
import { requireManagerOf, requireNotClosed } from './guards.js';

/** After this many consecutive failures the account is locked until an administrator unlocks it. */
export const MAX_CONSECUTIVE_FAILED_SIGN_INS = 5;

export function recordSignIn(_command: RecordSignIn, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireMaySignIn(account, metadata.now);
  return [signedIn(account, metadata.now)];
}

/** The sign-in refusals, shared with the second factor (a code is neither issued nor accepted for such an account). */
export function requireMaySignIn(account: Account, now: string): void {
  switch (account.status) {
    case 'invited':
      throw new DomainError('sign-in.account-not-activated');
    case 'locked':
      throw new DomainError('sign-in.account-locked');
    case 'closed':
      throw new DomainError('sign-in.account-closed');
    case 'deactivated':
      throw new DomainError('sign-in.account-deactivated');
    case 'active':
      break;
    default:
      assertNever(account.status, 'account status');
  }
  // The 18-month rule holds even if the deactivation deadline has not been processed yet.
  const deadlines = accountInactivityDeadlines(account);
  if (deadlines && isAtOrAfter(now, deadlines.deactivationAt)) throw new DomainError('sign-in.account-deactivated');
}

/** The event that opens a session (after the password, and the second factor when one is due). */
export function signedIn(account: Account, now: string): AccountEvent {
  return {
    type: 'account.signed-in',
    data: {
      accountId: account.accountId,
      signedInAt: now,
      profile: account.profile,
      promotionTookEffect: account.promotionPending,
    },
  };
}

/** Failures keep being counted on a locked account (the audit trail shows them) but lock it only once. */
export function recordFailedSignIn(_command: RecordFailedSignIn, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireNotClosed(account);
  const consecutiveFailures = account.consecutiveFailedSignIns + 1;
  const events: AccountEvent[] = [
    { type: 'account.sign-in-failed', data: { accountId: account.accountId, failedAt: metadata.now, consecutiveFailures } },
  ];
  if (consecutiveFailures >= MAX_CONSECUTIVE_FAILED_SIGN_INS && account.status === 'active') {
    events.push({
      type: 'account.locked',
      data: { accountId: account.accountId, lockedAt: metadata.now, reason: 'too-many-failed-sign-ins' },
    });
  }
  return events;
}

export function unlockAccount(_command: UnlockAccount, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireManagerOf(metadata.actor, account);
  if (account.status !== 'locked') throw new DomainError('account.not-locked');
  return [{ type: 'account.unlocked', data: { accountId: account.accountId, unlockedBy: metadata.actor, unlockedAt: metadata.now } }];
}

/**
 * The stored hash is replaced by one of the same password made with today's argon2 parameters. Only an account that
 * just signed in (active, with a password) gets one; the same hash again changes nothing.
 */
export function recordPasswordRehash(command: RecordPasswordRehash, account: Account, metadata: CommandMetadata): AccountEvent[] {
  switch (account.status) {
    case 'active':
      break;
    case 'invited':
      throw new DomainError('account.not-activated');
    case 'locked':
      throw new DomainError('sign-in.account-locked');
    case 'closed':
      throw new DomainError('account.closed');
    case 'deactivated':
      throw new DomainError('account.deactivated');
    default:
      assertNever(account.status, 'account status');
  }
  if (!command.passwordHash) throw validationFailed([{ field: 'passwordHash', message: 'Le nouveau condensat du mot de passe est obligatoire.' }]);
  if (command.passwordHash === account.passwordHash) return [];
  return [{ type: 'account.password-rehashed', data: { accountId: account.accountId, passwordHash: command.passwordHash, rehashedAt: metadata.now } }];
}
