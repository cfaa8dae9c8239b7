import { isAdministratorOf } from '../../shared/authorisation.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError } from '../../shared/domain-error.js';
import type { RenewAccount } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { Account } from '../account-state.js';
import { requireManagerOf } from './guards.js';

/**
 * PEP's renewal is the employer's word that the person still works there: only its administrators give it (the DRS
 * manages accounts but cannot vouch for staff). Any account in use may be renewed, due or not, so a bulk selection
 * never fails half-way; invited, deactivated and closed accounts are not in use.
 */
export function renewAccount(_command: RenewAccount, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireManagerOf(metadata.actor, account);
  if (!isAdministratorOf(metadata.actor, account.employerId)) throw new DomainError('authorisation.forbidden');
  if (account.status === 'closed') throw new DomainError('account.closed');
  if (account.status === 'invited') throw new DomainError('account.not-activated');
  if (account.status === 'deactivated') throw new DomainError('account.not-active');
  return [{ type: 'account.renewed', data: { accountId: account.accountId, renewedBy: metadata.actor, renewedAt: metadata.now } }];
}
