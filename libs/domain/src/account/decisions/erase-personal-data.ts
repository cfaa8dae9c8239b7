import { isDrs, isSystem } from '../../shared/authorisation.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import type { ErasePersonalData } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { Account } from '../account-state.js';
import { CANCELLATION_REASON_MAX_LENGTH } from './close-account.js';

export const ERASURE_REASON_MAX_LENGTH = CANCELLATION_REASON_MAX_LENGTH;

/**
 * The DRS erases the holder's personal data once the account is closed (an open account still needs them), and so
 * does the system when the retention period after the closing has passed (personal-data-retention.ts).
 * Erasing twice decides nothing: the platform re-runs its erasure steps on a retry without a second event.
 */
export function erasePersonalData(command: ErasePersonalData, account: Account, metadata: CommandMetadata): AccountEvent[] {
  if (!isDrs(metadata.actor) && !isSystem(metadata.actor)) throw new DomainError('authorisation.forbidden');
  const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
  if (reason === '') throw validationFailed([{ field: 'reason', message: "Le motif de l'effacement est obligatoire." }]);
  if (reason.length > ERASURE_REASON_MAX_LENGTH) {
    throw validationFailed([
      { field: 'reason', message: `Le motif de l'effacement ne doit pas dépasser ${ERASURE_REASON_MAX_LENGTH} caractères.` },
    ]);
  }
  if (account.status !== 'closed') throw new DomainError('account.not-closed');
  if (account.personalDataErasedAt !== null) return [];
  return [
    {
      type: 'account.personal-data-erased',
      data: { accountId: account.accountId, employerId: account.employerId, reason, erasedBy: metadata.actor, erasedAt: metadata.now },
    },
  ];
}
