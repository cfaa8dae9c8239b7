import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError } from '../../shared/domain-error.js';
import { isAtOrAfter } from '../../shared/instant.js';
import type { DeactivateForInactivity, RecordInactivityWarning } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { Account } from '../account-state.js';
import { inactivityDeadlines, lastActivityOf } from '../inactivity-deadlines.js';
import { requireSystem } from './guards.js';

/** Only accounts in use (active or locked) age; invited ones have their link deadline instead. */
function lastActivityOfLiveAccount(account: Account): string {
  if (account.status !== 'active' && account.status !== 'locked') throw new DomainError('account.not-active');
  const last = lastActivityOf(account);
  if (last === null) throw new DomainError('account.not-active');
  return last;
}

export function recordInactivityWarning(_command: RecordInactivityWarning, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireSystem(metadata.actor);
  const lastActivityAt = lastActivityOfLiveAccount(account);
  const { warningAt, deactivationAt } = inactivityDeadlines(lastActivityAt);
  if (!isAtOrAfter(metadata.now, warningAt)) throw new DomainError('account.inactivity-warning-too-early');
  if (account.inactivityWarningFor === deactivationAt) throw new DomainError('account.inactivity-warning-already-sent');
  return [
    { type: 'account.inactivity-warned', data: { accountId: account.accountId, lastActivityAt, deactivationAt, warnedAt: metadata.now } },
  ];
}

/** The warning is not a precondition: a missed e-mail must not keep an unused account open. */
export function deactivateForInactivity(_command: DeactivateForInactivity, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireSystem(metadata.actor);
  const lastActivityAt = lastActivityOfLiveAccount(account);
  const { deactivationAt } = inactivityDeadlines(lastActivityAt);
  if (!isAtOrAfter(metadata.now, deactivationAt)) throw new DomainError('account.inactivity-deadline-not-reached');
  return [
    { type: 'account.deactivated', data: { accountId: account.accountId, lastActivityAt, deactivatedAt: metadata.now, reason: 'inactivity' } },
  ];
}
