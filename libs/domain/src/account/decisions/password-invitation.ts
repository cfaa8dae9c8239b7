import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import { addMs, DAY_MS, isAtOrAfter } from '../../shared/instant.js';
import type { CreatePassword, ExpireInvitation, IssuePasswordInvitation } from '../account-commands.js';
import type { AccountEvent, PasswordInvitationIssued } from '../account-events.js';
import type { Account, IssuedToken } from '../account-state.js';
import { requireManagerOf, requireNotClosed, requireSystem } from './guards.js';

/** The guide: "vous avez 15 jours pour le créer". */
export const INVITATION_LIFETIME_MS = 15 * DAY_MS;

export function pendingToken(tokens: Readonly<Record<string, IssuedToken>>): string | null {
  return Object.entries(tokens).find(([, token]) => token.status === 'pending')?.[0] ?? null;
}

export function invitationIssued(
  accountId: string,
  tokenHash: string,
  supersededTokenHash: string | null,
  metadata: CommandMetadata,
): PasswordInvitationIssued {
  return {
    type: 'account.password-invitation-issued',
    data: {
      accountId,
      tokenHash,
      issuedAt: metadata.now,
      expiresAt: addMs(metadata.now, INVITATION_LIFETIME_MS),
      supersededTokenHash,
      issuedBy: metadata.actor,
    },
  };
}

function requireTokenHash(tokenHash: string, account: Account): void {
  if (typeof tokenHash !== 'string' || tokenHash === '') {
    throw validationFailed([{ field: 'tokenHash', message: 'Le jeton du lien est obligatoire.' }]);
  }
  // A token hash is single use for the life of the account: reusing one would revive a dead link.
  if (account.invitations[tokenHash] || account.passwordResets[tokenHash]) {
    throw validationFailed([{ field: 'tokenHash', message: 'Ce jeton a déjà été utilisé pour ce compte.' }]);
  }
}

/** A new link kills the previous one. */
export function issuePasswordInvitation(command: IssuePasswordInvitation, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireManagerOf(metadata.actor, account);
  requireNotClosed(account);
  requireTokenHash(command.tokenHash, account);
  return [invitationIssued(account.accountId, command.tokenHash, pendingToken(account.invitations), metadata)];
}

export function usableToken(
  token: IssuedToken | undefined,
  now: string,
  codes: { unknown: 'invitation.unknown' | 'password-reset.unknown'; used: 'invitation.used' | 'password-reset.used'; expired: 'invitation.expired' | 'password-reset.expired' },
): IssuedToken {
  if (!token) throw new DomainError(codes.unknown);
  if (token.status === 'used' || token.status === 'superseded') throw new DomainError(codes.used);
  if (token.status === 'expired' || isAtOrAfter(now, token.expiresAt)) throw new DomainError(codes.expired);
  return token;
}

export function createPassword(command: CreatePassword, account: Account, metadata: CommandMetadata): AccountEvent[] {
  // Anyone holding the link may act: the token is the proof, checked before the account's status.
  usableToken(account.invitations[command.tokenHash], metadata.now, {
    unknown: 'invitation.unknown',
    used: 'invitation.used',
    expired: 'invitation.expired',
  });
  requireNotClosed(account);
  if (!command.passwordHash) {
    throw validationFailed([{ field: 'password', message: 'Le mot de passe est obligatoire.' }]);
  }
  return [
    {
      type: 'account.password-created',
      data: { accountId: account.accountId, tokenHash: command.tokenHash, passwordHash: command.passwordHash, createdAt: metadata.now },
    },
  ];
}

/** Deadline reached: the link is recorded as dead (the process manager may then notify). */
export function expireInvitation(command: ExpireInvitation, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireSystem(metadata.actor);
  const token = account.invitations[command.tokenHash];
  if (!token) throw new DomainError('invitation.unknown');
  if (!isAtOrAfter(metadata.now, token.expiresAt)) throw new DomainError('invitation.not-yet-expired');
  // Used, superseded or already expired: nothing left to expire, and a replayed deadline is harmless.
  if (token.status !== 'pending') return [];
  return [{ type: 'account.invitation-expired', data: { accountId: account.accountId, tokenHash: command.tokenHash, expiredAt: metadata.now } }];
}
