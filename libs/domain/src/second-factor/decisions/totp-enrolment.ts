import type { ConfirmTotpEnrolment, RemoveTotp, StartTotpEnrolment } from '../../account/account-commands.js';
import type { AccountEvent } from '../../account/account-events.js';
import type { Account } from '../../account/account-state.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import { RECOVERY_CODE_COUNT } from '../second-factor-policy.js';
import { requireHolder } from './holder.js';

/** Starting again replaces a pending enrolment (a QR code never scanned). */
export function startTotpEnrolment(command: StartTotpEnrolment, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireHolder(metadata.actor, account);
  if (account.secondFactor.totp) throw new DomainError('second-factor.totp-already-enrolled');
  if (typeof command.secret !== 'string' || command.secret === '') {
    throw validationFailed([{ field: 'secret', message: 'Le secret de l’application d’authentification est obligatoire.' }]);
  }
  return [{ type: 'account.totp-enrolment-started', data: { accountId: account.accountId, secret: command.secret, startedAt: metadata.now } }];
}

/** A first code from the application proves it was set up; the recovery codes are handed out with it. */
export function confirmTotpEnrolment(command: ConfirmTotpEnrolment, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireHolder(metadata.actor, account);
  if (account.secondFactor.totp) throw new DomainError('second-factor.totp-already-enrolled');
  if (!account.secondFactor.pendingTotp) throw new DomainError('second-factor.no-pending-enrolment');
  const step = command.matchedStep;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) {
    throw new DomainError('second-factor.invalid-code', [{ field: 'code', message: "Le code saisi n'est pas valide." }]);
  }
  const digests = command.recoveryCodeDigests;
  const wellFormed =
    Array.isArray(digests) &&
    digests.length === RECOVERY_CODE_COUNT &&
    digests.every((digest) => typeof digest === 'string' && digest !== '') &&
    new Set(digests).size === digests.length;
  if (!wellFormed) {
    throw validationFailed([
      { field: 'recoveryCodeDigests', message: `Il faut exactement ${RECOVERY_CODE_COUNT} codes de secours, tous différents.` },
    ]);
  }
  return [
    {
      type: 'account.totp-enrolled',
      data: { accountId: account.accountId, enrolledAt: metadata.now, step, recoveryCodeDigests: [...digests] },
    },
  ];
}

export function removeTotp(_command: RemoveTotp, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireHolder(metadata.actor, account);
  if (!account.secondFactor.totp) throw new DomainError('second-factor.totp-not-enrolled');
  return [{ type: 'account.totp-removed', data: { accountId: account.accountId, removedAt: metadata.now, removedBy: metadata.actor } }];
}
