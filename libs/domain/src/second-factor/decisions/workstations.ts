import type { RevokeWorkstation } from '../../account/account-commands.js';
import type { AccountEvent } from '../../account/account-events.js';
import type { Account } from '../../account/account-state.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError } from '../../shared/domain-error.js';
import { has, requireHolder } from './holder.js';

/** The holder no longer trusts a workstation: its next sign-in asks for the second factor again. */
export function revokeWorkstation(command: RevokeWorkstation, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireHolder(metadata.actor, account);
  if (!has(account.secondFactor.workstations, command.workstationId)) throw new DomainError('second-factor.workstation-unknown');
  return [
    {
      type: 'account.workstation-revoked',
      data: { accountId: account.accountId, workstationId: command.workstationId, revokedAt: metadata.now, revokedBy: metadata.actor },
    },
  ];
}
