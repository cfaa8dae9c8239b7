import { formatIdentifier, parseIdentifier } from '../../identifier/identifier.js';
import { identifierPrefix } from '../../identifier/identifier-prefix.js';
import { RIGHTS_CATALOGUE_VERSION, serviceCodes } from '../../rights/rights-catalogue.js';
import { validateRightsInput } from '../../rights/resolve-rights.js';
import type { CompleteRights } from '../../rights/rights.js';
import { mayManageAccountsOf } from '../../shared/authorisation.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import { FieldErrors } from '../../shared/field-error.js';
import type { CreateAccount } from '../account-commands.js';
import type { AccountEvent } from '../account-events.js';
import type { AccountState } from '../account-state.js';
import { validateAccountContact } from '../account-contact.js';
import { invitationIssued } from './password-invitation.js';

/** The guide: every required field present and valid before anything is recorded; all errors reported at once. */
export function createAccount(command: CreateAccount, state: AccountState, metadata: CommandMetadata): AccountEvent[] {
  const { actor } = metadata;
  if (!mayManageAccountsOf(actor, command.employerId)) throw new DomainError('authorisation.forbidden');
  if (state !== null) throw new DomainError('account.already-exists');

  const errors = new FieldErrors();
  const contact = errors.take(validateAccountContact(command));
  const rightsInput = errors.take(validateRightsInput(command.rights));
  if (rightsInput) {
    for (const code of serviceCodes) {
      if (rightsInput[code] === undefined) errors.add(`rights.${code}`, 'Le niveau d’accès à ce service est obligatoire.');
    }
  }
  if (contact !== undefined) {
    const parsed = parseIdentifier(command.identifier ?? '');
    if (!parsed || parsed.prefix !== identifierPrefix(contact.firstName, contact.lastName)) {
      errors.add('identifier', "L'identifiant ne correspond pas aux nom et prénom du titulaire.");
    }
  }
  if (!command.invitationTokenHash) errors.add('invitationTokenHash', 'Le lien de création du mot de passe est obligatoire.');

  if (!errors.isEmpty || contact === undefined || rightsInput === undefined) throw validationFailed(errors.errors);
  const { profile, civility, lastName, firstName, email, phone, professionalAddress } = contact;
  const parsed = parseIdentifier(command.identifier);
  const identifier = formatIdentifier(parsed!.prefix, parsed!.sequence);
  const rights = Object.fromEntries(serviceCodes.map((code) => [code, rightsInput[code]])) as CompleteRights;
  const created: AccountEvent = {
    type: 'account.created',
    data: {
      accountId: command.accountId,
      employerId: command.employerId,
      identifier,
      profile,
      civility,
      lastName,
      firstName,
      email,
      phone,
      professionalAddress,
      rights,
      rightsCatalogueVersion: RIGHTS_CATALOGUE_VERSION,
      createdBy: actor,
      createdAt: metadata.now,
    },
  };
  return [created, invitationIssued(command.accountId, command.invitationTokenHash, null, metadata)];
}

