import { validateEmailWithConfirmation } from '../../email/email.js';
import { validateCivility } from '../../person-name/civility.js';
import { validateFirstName, validateLastName } from '../../person-name/person-name.js';
import { validatePhone } from '../../phone/phone.js';
import { validatePostalAddress } from '../../postal-address/postal-address.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { validationFailed } from '../../shared/domain-error.js';
import { FieldErrors, type Validated } from '../../shared/field-error.js';
import type { ChangeContactDetails } from '../account-commands.js';
import type { AccountEvent, ContactChanges, ContactDetails } from '../account-events.js';
import type { Account } from '../account-state.js';
import { requireManagerOf, requireNotClosed } from './guards.js';
import { PROFESSIONAL_ADDRESS_REQUIRED } from './promote-to-administrator.js';

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Applies only the fields present; the identifier never changes with the name (identifiers are never reused). */
export function changeContactDetails(command: ChangeContactDetails, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireManagerOf(metadata.actor, account);
  requireNotClosed(account);
  const errors = new FieldErrors();
  const proposed: Partial<ContactDetails> = {};
  const consider = <K extends keyof ContactDetails>(key: K, raw: unknown, validate: (raw: unknown) => Validated<ContactDetails[K]>) => {
    if (raw === undefined) return;
    const value = errors.take(validate(raw));
    if (value !== undefined) proposed[key] = value;
  };
  consider('civility', command.civility, (raw) => validateCivility(raw));
  consider('lastName', command.lastName, (raw) => validateLastName(raw));
  consider('firstName', command.firstName, (raw) => validateFirstName(raw));
  consider('email', command.email, (raw) => validateEmailWithConfirmation(raw, command.emailConfirmation));
  consider('phone', command.phone, (raw) => validatePhone(raw));
  consider('professionalAddress', command.professionalAddress, (raw) =>
    validatePostalAddress(raw, 'professionalAddress', account.profile === 'administrator', PROFESSIONAL_ADDRESS_REQUIRED),
  );
  if (!errors.isEmpty) throw validationFailed(errors.errors);

  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(proposed) as (keyof ContactDetails)[]) {
    if (!sameValue(account[key], proposed[key])) changes[key] = { from: account[key], to: proposed[key] };
  }
  if (Object.keys(changes).length === 0) return [];
  return [
    {
      type: 'account.contact-details-changed',
      data: { accountId: account.accountId, changes: changes as ContactChanges, changedBy: metadata.actor, changedAt: metadata.now },
    },
  ];
}
