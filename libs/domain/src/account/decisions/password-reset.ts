import { assertNever } from '../../shared/assert-never.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import { addMs, HOUR_MS } from '../../shared/instant.js';
import type { CompletePasswordReset, RequestPasswordReset } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { Account } from '../account-state.js';
import { pendingToken, usableToken } from './password-invitation.js';

export const PASSWORD_RESET_LIFETIME_MS = HOUR_MS;

/** Only an account that has a password can reset it; a never-activated one uses its creation link. */
function requireResettable(account: Account): void {
  switch (account.status) {
    case 'closed':
      throw new DomainError('account.closed');
    case 'deactivated':
      throw new DomainError('account.deactivated');
    case 'invited':
      throw new DomainError('account.not-activated');
    case 'active':
    case 'locked':
      return;
    default:
      assertNever(account.status, 'account status');
  }
}

export function requestPasswordReset(command: RequestPasswordReset, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireResettable(account);
  if (!command.tokenHash || account.passwordResets[command.tokenHash] || account.invitations[command.tokenHash]) {
    throw validationFailed([{ field: 'tokenHash', message: 'Le jeton du lien est obligatoire et ne peut servir qu’une fois.' }]);
  }
  return [
    {
      type: 'account.password-reset-requested',
      data: {
        accountId: account.accountId,
        tokenHash: command.tokenHash,
        requestedAt: metadata.now,
        expiresAt: addMs(metadata.now, PASSWORD_RESET_LIFETIME_MS),
        supersededTokenHash: pendingToken(account.passwordResets),
      },
    },
  ];
}

/** Completing a reset also unlocks: proving control of the mailbox is what an unlock would ask for. */
export function completePasswordReset(command: CompletePasswordReset, account: Account, metadata: CommandMetadata): AccountEvent[] {
  usableToken(account.passwordResets[command.tokenHash], metadata.now, {
    unknown: 'password-reset.unknown',
    used: 'password-reset.used',
    expired: 'password-reset.expired',
  });
  requireResettable(account);
  if (!command.passwordHash) throw validationFailed([{ field: 'password', message: 'Le mot de passe est obligatoire.' }]);
  return [
    {
      type: 'account.password-reset',
      data: {
        accountId: account.accountId,
        tokenHash: command.tokenHash,
        passwordHash: command.passwordHash,
        resetAt: metadata.now,
        unlocked: account.status === 'locked',
      },
    },
  ];
}
