import { requireNotClosed } from '../../account/decisions/guards.js';
import type { Account } from '../../account/account-state.js';
import { isAdministratorElsewhere } from '../../shared/authorisation.js';
import type { Actor } from '../../shared/command-metadata.js';
import { DomainError } from '../../shared/domain-error.js';

/**
 * Enrolling or removing one's own means is the holder's business only: nobody else, not even an administrator
 * (theirs is ResetSecondFactor). Administrators of other employers do not learn the account exists.
 */
export function requireHolder(actor: Actor, account: Account): void {
  if (actor.kind !== 'account' || actor.accountId !== account.accountId) {
    if (isAdministratorElsewhere(actor, account.employerId)) throw new DomainError('account.not-found');
    throw new DomainError('authorisation.forbidden');
  }
  requireNotClosed(account);
  if (account.status !== 'active') throw new DomainError('account.not-active');
}

/** Own-key lookup: ids come from requests, and `constructor` or `__proto__` must not find anything. */
export function has(records: Readonly<Record<string, unknown>>, key: string | null | undefined): key is string {
  return typeof key === 'string' && Object.hasOwn(records, key);
}
