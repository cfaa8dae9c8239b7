import { validateEmailWithConfirmation } from '../email/email.js';
import { validateCivility } from '../person-name/civility.js';
import { validateFirstName, validateLastName } from '../person-name/person-name.js';
import { validatePhone } from '../phone/phone.js';
import { validatePostalAddress } from '../postal-address/postal-address.js';
import { FieldErrors, valid, type FieldError, type Validated } from '../shared/field-error.js';
import type { ContactDetails } from './account-events.js';
import { PROFESSIONAL_ADDRESS_REQUIRED } from './decisions/promote-to-administrator.js';
import { validateProfile, type Profile } from './profile.js';
import type { AccountContactInput, ContactChangesInput } from './account-commands.js';

export type { AccountContactInput, ContactChangesInput };


export type AccountContact = ContactDetails & { profile: Profile };

/**
 * The contact fields, one rule per field, in the order the form shows them. `considered` says which fields are
 * checked (all of them for a creation, those present for a change); administrators need a professional address,
 * since the legal representative's letter shows it.
 */
function checkContact(input: AccountContactInput, considered: (field: keyof AccountContactInput) => boolean, profile: Profile | undefined, errors: FieldErrors) {
  const take = <T>(field: keyof AccountContactInput, check: () => Validated<T>): T | undefined => (considered(field) ? errors.take(check()) : undefined);
  return {
    civility: take('civility', () => validateCivility(input.civility)),
    lastName: take('lastName', () => validateLastName(input.lastName)),
    firstName: take('firstName', () => validateFirstName(input.firstName)),
    email: take('email', () => validateEmailWithConfirmation(input.email, input.emailConfirmation)),
    phone: take('phone', () => validatePhone(input.phone)),
    professionalAddress: take('professionalAddress', () =>
      validatePostalAddress(input.professionalAddress, 'professionalAddress', profile === 'administrator', PROFESSIONAL_ADDRESS_REQUIRED),
    ),
  };
}

/** A new account's form: every field, the profile included; all errors at once. */
export function validateAccountContact(input: AccountContactInput): Validated<AccountContact> {
  const errors = new FieldErrors();
  const profile = errors.take(validateProfile(input.profile));
  const contact = checkContact(input, () => true, profile, errors);
  if (!errors.isEmpty || profile === undefined) return { ok: false, errors: errors.errors };
  return valid({ profile, ...(contact as ContactDetails) });
}

/** A change of "Ses coordonnées": only the fields present, a new e-mail with its confirmation, for a holder of `profile`. */
export function validateContactChanges(input: ContactChangesInput, profile: Profile): Validated<Partial<ContactDetails>> {
  const errors = new FieldErrors();
  const present = (field: keyof AccountContactInput) => input[field as keyof typeof input] !== undefined;
  const contact = checkContact(input, present, profile, errors);
  if (!errors.isEmpty) return { ok: false, errors: errors.errors };
  return valid(Object.fromEntries(Object.entries(contact).filter(([field]) => present(field as keyof AccountContactInput))) as Partial<ContactDetails>);
}

/**
 * The account form's field errors, as the API answers them and the pages show them: a new account's when no holder
 * profile is given, else a change's for a holder of that profile.
 */
export function accountContactErrors(input: AccountContactInput, holderProfile?: Profile): FieldError[] {
  const verdict = holderProfile === undefined ? validateAccountContact(input) : validateContactChanges(input, holderProfile);
  return verdict.ok ? [] : verdict.errors;
}
