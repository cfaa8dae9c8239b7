import { validatePostalAddress } from '../../postal-address/postal-address.js';
import { assertNever } from '../../shared/assert-never.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import type { ChangeProfile, PromoteToAdministrator } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { Account } from '../account-state.js';
import { requireManagerOf, requireNotClosed } from './guards.js';

export const PROFESSIONAL_ADDRESS_REQUIRED = "L'adresse professionnelle est obligatoire pour un compte administrateur.";

/**
 * User → administrator. Recorded now (the legal representative's letter leaves at once); the holder's
 * sessions get the new profile at the next sign-in.
 */
export function promoteToAdministrator(command: PromoteToAdministrator, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireManagerOf(metadata.actor, account);
  requireNotClosed(account);
  if (account.profile === 'administrator') throw new DomainError('account.already-administrator');
  const raw = command.professionalAddress ?? account.professionalAddress;
  const address = validatePostalAddress(raw, 'professionalAddress', true, PROFESSIONAL_ADDRESS_REQUIRED);
  if (!address.ok) throw validationFailed(address.errors);
  const professionalAddress = address.value as string[];
  const { civility, lastName, firstName, email, phone } = account;
  return [
    {
      type: 'account.promoted-to-administrator',
      data: {
        accountId: account.accountId,
        employerId: account.employerId,
        identifier: account.identifier,
        holder: { civility, lastName, firstName, email, phone, professionalAddress },
        promotedBy: metadata.actor,
        promotedAt: metadata.now,
      },
    },
  ];
}

/** The guide: an administrator cannot become a user again; delete the account and recreate it instead. */
export function changeProfile(command: ChangeProfile, account: Account, metadata: CommandMetadata): AccountEvent[] {
  switch (command.profile) {
    case 'administrator':
      if (account.profile === 'administrator') {
        requireManagerOf(metadata.actor, account);
        return [];
      }
      return promoteToAdministrator(
        { type: 'PromoteToAdministrator', accountId: command.accountId, professionalAddress: command.professionalAddress },
        account,
        metadata,
      );
    case 'user':
      requireManagerOf(metadata.actor, account);
      if (account.profile === 'administrator') throw new DomainError('account.administrator-cannot-become-user');
      return [];
    default:
      return assertNever(command.profile, 'profile');
  }
}
