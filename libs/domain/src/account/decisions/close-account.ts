import { isDrs } from '../../shared/authorisation.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import type { CancelAdministratorRegistration, DeleteAccount } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { Account } from '../account-state.js';
import { requireManagerOf, requireNotClosed } from './guards.js';

export const CANCELLATION_REASON_MAX_LENGTH = 2000;

/** The "last administrator" rule is the employer's: the handler records RemoveAdministrator in the same append. */
export function deleteAccount(_command: DeleteAccount, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireManagerOf(metadata.actor, account);
  requireNotClosed(account);
  return [
    {
      type: 'account.deleted',
      data: { accountId: account.accountId, employerId: account.employerId, profile: account.profile, deletedBy: metadata.actor, deletedAt: metadata.now },
    },
  ];
}

/** The DRS acts on the legal representative's objection to an administrator registration. */
export function cancelAdministratorRegistration(
  command: CancelAdministratorRegistration,
  account: Account,
  metadata: CommandMetadata,
): AccountEvent[] {
  if (!isDrs(metadata.actor)) throw new DomainError('authorisation.forbidden');
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason === '') throw validationFailed([{ field: 'reason', message: "Le motif de l'annulation est obligatoire." }]);
  if (reason.length > CANCELLATION_REASON_MAX_LENGTH) {
    throw validationFailed([
      { field: 'reason', message: `Le motif de l'annulation ne doit pas dépasser ${CANCELLATION_REASON_MAX_LENGTH} caractères.` },
    ]);
  }
  requireNotClosed(account);
  if (account.profile !== 'administrator') throw new DomainError('account.not-an-administrator-registration');
  return [
    {
      type: 'account.administrator-registration-cancelled',
      data: {
        accountId: account.accountId,
        employerId: account.employerId,
        reason,
        outcome: account.createdAs === 'administrator' ? 'closed' : 'demoted-to-user',
        cancelledBy: metadata.actor,
        cancelledAt: metadata.now,
      },
    },
  ];
}
