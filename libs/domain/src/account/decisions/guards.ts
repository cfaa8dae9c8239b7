import { isAdministratorElsewhere, mayManageAccountsOf } from '../../shared/authorisation.js';
import type { Actor } from '../../shared/command-metadata.js';
import { DomainError } from '../../shared/domain-error.js';
import type { Account, AccountState } from '../account-state.js';

export function existingAccount(state: AccountState): Account {
  if (state === null) throw new DomainError('account.not-found');
  return state;
}

/** Administrators act on their own employer's accounts only; others' accounts do not exist for them. */
export function requireManagerOf(actor: Actor, account: Account): void {
  if (isAdministratorElsewhere(actor, account.employerId)) throw new DomainError('account.not-found');
  if (!mayManageAccountsOf(actor, account.employerId)) throw new DomainError('authorisation.forbidden');
}

export function requireNotClosed(account: Account): void {
  if (account.status === 'closed') throw new DomainError('account.closed');
}

export function requireSystem(actor: Actor): void {
  if (actor.kind !== 'system') throw new DomainError('authorisation.forbidden');
}
