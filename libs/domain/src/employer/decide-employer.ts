import { validateCivility } from '../person-name/civility.js';
import { validateFirstName, validateLastName } from '../person-name/person-name.js';
import { validatePostalAddress } from '../postal-address/postal-address.js';
import { validateRecipientBlock, validateRepresentativeFunction } from '../postal-address/recipient-block.js';
import { defaultRightsTemplate } from '../rights/default-rights-template.js';
import { RIGHTS_CATALOGUE_VERSION } from '../rights/rights-catalogue.js';
import { tryResolveRights } from '../rights/resolve-rights.js';
import { validateSiret } from '../siret/siret.js';
import { assertNever } from '../shared/assert-never.js';
import { isAdministratorOf, isDrs, isSystem } from '../shared/authorisation.js';
import type { CommandMetadata } from '../shared/command-metadata.js';
import { DomainError, validationFailed } from '../shared/domain-error.js';
import { FieldErrors, type Validated } from '../shared/field-error.js';
import type { AcceptTermsOfUse, AddAdministrator, CorrectLegalRepresentative, EmployerCommand, RegisterEmployer, RemoveAdministrator } from './employer-commands.js';
import type { EmployerEvent, LegalRepresentative } from './employer-events.js';
import { initialEmployerState, type Employer, type EmployerState } from './employer-state.js';
import { evolveEmployer } from './evolve-employer.js';
import { mayAcceptTermsOfUse } from './terms-of-use-delay.js';
import type { Decider } from '../shared/decider.js';

export const EMPLOYER_NAME_MAX_LENGTH = 200;

export function decideEmployer(command: EmployerCommand, state: EmployerState, metadata: CommandMetadata): EmployerEvent[] {
  switch (command.type) {
    case 'RegisterEmployer':
      return registerEmployer(command, state, metadata);
    case 'AddAdministrator':
      return addAdministrator(command, existing(state), metadata);
    case 'RemoveAdministrator':
      return removeAdministrator(command, existing(state), metadata);
    case 'AcceptTermsOfUse':
      return acceptTermsOfUse(command, existing(state), metadata);
    case 'CorrectLegalRepresentative':
      return correctLegalRepresentative(command, existing(state), metadata);
    default:
      return assertNever(command, 'employer command');
  }
}

function existing(state: EmployerState): Employer {
  if (state === null) throw new DomainError('employer.not-found');
  return state;
}

function validateEmployerName(raw: unknown): Validated<string> {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, errors: [{ field: 'name', message: "Le nom de l'établissement est obligatoire." }] };
  }
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length > EMPLOYER_NAME_MAX_LENGTH) {
    return {
      ok: false,
      errors: [{ field: 'name', message: `Le nom de l'établissement ne doit pas dépasser ${EMPLOYER_NAME_MAX_LENGTH} caractères.` }],
    };
  }
  return { ok: true, value: name };
}

// The DRS registers employers; the platform itself may too (demonstration data at first start).
function registerEmployer(command: RegisterEmployer, state: EmployerState, metadata: CommandMetadata): EmployerEvent[] {
  if (!isDrs(metadata.actor) && !isSystem(metadata.actor)) throw new DomainError('authorisation.forbidden');
  if (state !== null) throw new DomainError('employer.already-registered');
  const errors = new FieldErrors();
  const name = errors.take(validateEmployerName(command.name));
  const siret = errors.take(validateSiret(command.siret));
  const recipient = recipientOf(command, name, errors);
  const defaultRights = errors.take(tryResolveRights(command.defaultRights, defaultRightsTemplate, 'defaultRights'));
  if (
    !errors.isEmpty ||
    name === undefined ||
    siret === undefined ||
    recipient === undefined ||
    defaultRights === undefined
  ) {
    throw validationFailed(errors.errors);
  }
  return [
    {
      type: 'employer.registered',
      data: {
        employerId: command.employerId,
        name,
        siret,
        legalRepresentative: recipient.legalRepresentative,
        address: recipient.address,
        defaultRights,
        rightsCatalogueVersion: RIGHTS_CATALOGUE_VERSION,
        registeredBy: metadata.actor,
        registeredAt: metadata.now,
      },
    },
  ];
}

/**
 * The legal representative and the address their letters go to, as registration and correction check them: each
 * field on its own, then the whole recipient block against the postal norm (refused now rather than a letter failing
 * for good later). `employerName` undefined: the name is already refused, the block is not checked.
 */
function recipientOf(
  input: { legalRepresentative?: RegisterEmployer['legalRepresentative'] | null; address?: unknown },
  employerName: string | undefined,
  errors: FieldErrors,
): { legalRepresentative: LegalRepresentative; address: string[] } | undefined {
  const representative = input.legalRepresentative ?? { civility: undefined, lastName: undefined, firstName: undefined, function: undefined };
  const civility = errors.take(validateCivility(representative.civility, 'legalRepresentative.civility'));
  const lastName = errors.take(validateLastName(representative.lastName, 'legalRepresentative.lastName'));
  const firstName = errors.take(validateFirstName(representative.firstName, 'legalRepresentative.firstName'));
  const fn = errors.take(validateRepresentativeFunction(representative.function));
  const address = errors.take(validatePostalAddress(input.address, 'address'));
  if (civility === undefined || lastName === undefined || firstName === undefined || fn === undefined || !address || employerName === undefined) return undefined;
  const legalRepresentative: LegalRepresentative = { civility, lastName, firstName, ...(fn ? { function: fn } : {}) };
  const block = errors.take(validateRecipientBlock({ legalRepresentative, employerName, address }));
  return block === undefined ? undefined : { legalRepresentative, address };
}

// The DRS corrects where the representative's letters go (a letter returned, a failed delivery); retried letters
// then use the corrected recipient.
function correctLegalRepresentative(command: CorrectLegalRepresentative, employer: Employer, metadata: CommandMetadata): EmployerEvent[] {
  if (!isDrs(metadata.actor)) throw new DomainError('authorisation.forbidden');
  const errors = new FieldErrors();
  const recipient = recipientOf(command, employer.name, errors);
  if (!errors.isEmpty || recipient === undefined) throw validationFailed(errors.errors);
  if (sameRecipient(recipient, employer)) throw new DomainError('employer.legal-representative-unchanged');
  return [
    {
      type: 'employer.legal-representative-corrected',
      data: {
        employerId: employer.employerId,
        legalRepresentative: recipient.legalRepresentative,
        address: recipient.address,
        previous: { legalRepresentative: employer.legalRepresentative, address: employer.address },
        correctedBy: metadata.actor,
        correctedAt: metadata.now,
      },
    },
  ];
}

function sameRecipient(a: { legalRepresentative: LegalRepresentative; address: readonly string[] }, b: { legalRepresentative: LegalRepresentative; address: readonly string[] }): boolean {
  const r = a.legalRepresentative;
  const s = b.legalRepresentative;
  return (
    r.civility === s.civility &&
    r.lastName === s.lastName &&
    r.firstName === s.firstName &&
    (r.function ?? null) === (s.function ?? null) &&
    a.address.length === b.address.length &&
    a.address.every((line, i) => line === b.address[i])
  );
}

function addAdministrator(command: AddAdministrator, employer: Employer, metadata: CommandMetadata): EmployerEvent[] {
  if (employer.administrators[command.accountId]) throw new DomainError('employer.already-administrator');
  return [
    {
      type: 'employer.administrator-added',
      data: { employerId: employer.employerId, accountId: command.accountId, reason: command.reason, since: metadata.now },
    },
  ];
}

// An employer must keep someone able to manage its accounts; only the DRS, acting on the legal
// representative's objection, may leave it without administrator.
function removeAdministrator(command: RemoveAdministrator, employer: Employer, metadata: CommandMetadata): EmployerEvent[] {
  if (!employer.administrators[command.accountId]) throw new DomainError('employer.not-an-administrator');
  if (command.reason === 'deletion' && Object.keys(employer.administrators).length === 1) {
    throw new DomainError('employer.last-administrator');
  }
  return [
    {
      type: 'employer.administrator-removed',
      data: { employerId: employer.employerId, accountId: command.accountId, reason: command.reason, removedAt: metadata.now },
    },
  ];
}

function acceptTermsOfUse(command: AcceptTermsOfUse, employer: Employer, metadata: CommandMetadata): EmployerEvent[] {
  const { actor } = metadata;
  if (actor.kind !== 'account' || !isAdministratorOf(actor, employer.employerId)) {
    throw new DomainError('authorisation.forbidden');
  }
  const administrator = employer.administrators[actor.accountId];
  if (!administrator) throw new DomainError('authorisation.forbidden');
  if (!command.publishedVersions.includes(command.version)) throw new DomainError('terms-of-use.not-published');
  if (employer.acceptedTermsOfUse[command.version]) throw new DomainError('terms-of-use.already-accepted');
  if (!mayAcceptTermsOfUse(administrator.since, metadata.now)) throw new DomainError('terms-of-use.delay-not-elapsed');
  return [
    {
      type: 'employer.terms-of-use-accepted',
      data: { employerId: employer.employerId, version: command.version, acceptedBy: actor.accountId, acceptedAt: metadata.now },
    },
  ];
}

export const employerDecider: Decider<EmployerCommand, EmployerEvent, EmployerState> = {
  initialState: initialEmployerState,
  decide: decideEmployer,
  evolve: evolveEmployer,
};
