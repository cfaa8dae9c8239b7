/**
 * The platform's e-mails, one function per mail. Each takes typed data and
 * returns `{subject, html, text}`. Pure: instants are passed in, nothing reads the clock.
 */
import {
  civilityAndFullName,
  civilityAndLastName,
  formatShortDate,
  formatTime,
  toDate,
  type Civility,
  type Instant,
} from '../format.js';
import { MailRenderingError, assertHttpUrl, renderTemplate, type MailLinks, type RenderedMail } from './engine.js';

/** A password-creation link lives 15 days (contract). */
export const PASSWORD_CREATION_LINK_VALIDITY_DAYS = 15;
/** A password-reset link lives 1 hour (contract). */
export const PASSWORD_RESET_LINK_VALIDITY_MS = 60 * 60 * 1000;

export type AccountProfile = 'user' | 'administrator';

/** Someone named the guide's way: "Monsieur Louty". */
export interface NamedPerson {
  civility: Civility;
  lastName: string;
}

/** An organisation acting as a person, e.g. the DRS creating an employer's first administrator. */
export interface NamedOrganisation {
  organisation: string;
}

export interface FullyNamedPerson extends NamedPerson {
  firstName: string;
}

/** One line of text: whitespace and line breaks collapsed (no header or layout injection). */
function line(value: string, what: string): string {
  if (typeof value !== 'string') throw new MailRenderingError(`${what} is required`);
  const collapsed = value.replace(/\s+/g, ' ').trim();
  if (collapsed === '') throw new MailRenderingError(`${what} is required`);
  return collapsed;
}

function optionalLine(value: string | undefined | null): string {
  return value == null ? '' : value.replace(/\s+/g, ' ').trim();
}

function name(person: NamedPerson | NamedOrganisation, what: string): string {
  if ('organisation' in person) return line(person.organisation, `${what}.organisation`);
  return civilityAndLastName({ civility: person.civility, lastName: line(person.lastName, `${what}.lastName`) });
}

function fullName(person: FullyNamedPerson, what: string): string {
  return civilityAndFullName({
    civility: person.civility,
    firstName: line(person.firstName, `${what}.firstName`),
    lastName: line(person.lastName, `${what}.lastName`),
  });
}

function addressOnOneLine(lines: readonly string[] | undefined, what: string): string {
  const cleaned = (lines ?? []).map((l) => optionalLine(l)).filter((l) => l !== '');
  if (cleaned.length === 0) throw new MailRenderingError(`${what} is required`);
  return cleaned.join(', ');
}

function habilitated(civility: Civility): string {
  return civility === 'madame' ? 'habilitée' : 'habilité';
}

// ---------------------------------------------------------------- a. and h.

export interface PasswordCreationMailData extends MailLinks {
  /** The account holder. */
  recipient: NamedPerson;
  /** The administrator who created the account, or the DRS for an employer's first administrator. */
  creator: (NamedPerson | NamedOrganisation) & { phone?: string };
  /** When the account was created. */
  createdAt: Instant;
  profile: AccountProfile;
  employerName: string;
  /** The password-creation link (with its token). */
  link: string;
  /**
   * Address of the employer's legal representative (lines); required for an
   * administrator, ignored for a user.
   */
  legalRepresentativeAddress?: readonly string[];
}

export interface NewInvitationMailData extends PasswordCreationMailData {
  /** When the new link was issued. */
  reissuedAt: Instant;
  /** Who asked for the new link; defaults to the creator. */
  issuer?: NamedPerson | NamedOrganisation;
}

function passwordCreationView(data: PasswordCreationMailData, renewerName: string): Record<string, unknown> {
  const creatorName = name(data.creator, 'creator');
  let legalRepresentativeAddress = '';
  switch (data.profile) {
    case 'administrator':
      // Without a printable letter (an address registered before the 6-line rule), the sentence is left out.
      legalRepresentativeAddress = data.legalRepresentativeAddress?.length ? addressOnOneLine(data.legalRepresentativeAddress, 'legalRepresentativeAddress') : '';
      break;
    case 'user':
      break;
    default: {
      const unexpected: never = data.profile;
      throw new MailRenderingError(`Unknown profile: ${String(unexpected)}`);
    }
  }
  return {
    recipientName: name(data.recipient, 'recipient'),
    creatorName,
    creatorPhone: optionalLine(data.creator.phone),
    createdOn: formatShortDate(data.createdAt),
    profileLabel: data.profile === 'administrator' ? "en tant qu'administrateur" : "en tant qu'utilisateur",
    employerName: line(data.employerName, 'employerName'),
    link: assertHttpUrl(data.link, 'link'),
    validityDays: PASSWORD_CREATION_LINK_VALIDITY_DAYS,
    renewerName,
    legalRepresentativeAddress,
    habilitated: habilitated(data.recipient.civility),
    renewal: false,
  };
}

/** a. "Vous pouvez créer votre mot de passe" — the guide's mail, sent when an account is created. */
export function renderPasswordCreationMail(data: PasswordCreationMailData): RenderedMail {
  const view = passwordCreationView(data, name(data.creator, 'creator'));
  return renderTemplate('password-creation', 'Vous pouvez créer votre mot de passe', view, data);
}

/** h. A new password-creation link replacing the previous one (`POST /api/accounts/:id/invitation`). */
export function renderNewInvitationMail(data: NewInvitationMailData): RenderedMail {
  const issuerName = name(data.issuer ?? data.creator, 'issuer');
  const view = {
    ...passwordCreationView(data, issuerName),
    renewal: { issuedOn: formatShortDate(data.reissuedAt), issuerName },
  };
  return renderTemplate(
    'password-creation',
    'Nouveau lien : vous pouvez créer votre mot de passe',
    view,
    data,
    'Vous pouvez créer votre mot de passe',
  );
}

// ---------------------------------------------------------------- b.

export interface PasswordResetMailData extends MailLinks {
  recipient: NamedPerson;
  identifier: string;
  /** When the reset was asked for; the link expires one hour later. */
  requestedAt: Instant;
  link: string;
}

/** b. Password reset link, valid one hour. */
export function renderPasswordResetMail(data: PasswordResetMailData): RenderedMail {
  const requestedAt = toDate(data.requestedAt, 'requestedAt');
  const expiresAt = new Date(requestedAt.getTime() + PASSWORD_RESET_LINK_VALIDITY_MS);
  return renderTemplate(
    'password-reset',
    'Réinitialisation de votre mot de passe',
    {
      recipientName: name(data.recipient, 'recipient'),
      identifier: line(data.identifier, 'identifier'),
      requestedOn: formatShortDate(requestedAt),
      requestedAt: formatTime(requestedAt),
      expiresOn: formatShortDate(expiresAt),
      expiresAt: formatTime(expiresAt),
      link: assertHttpUrl(data.link, 'link'),
    },
    data,
  );
}

// ---------------------------------------------------------------- c.

export interface ForgottenIdentifierMailData extends MailLinks {
  /** The address the request was made for (and the mail goes to). */
  email: string;
  requestedAt: Instant;
  /** Every account tied to that address (at least one). */
  accounts: ReadonlyArray<FullyNamedPerson & { identifier: string; employerName: string }>;
}

/** c. Forgotten identifier: lists all identifiers tied to the address, with their employers. */
export function renderForgottenIdentifierMail(data: ForgottenIdentifierMailData): RenderedMail {
  if (!data.accounts || data.accounts.length === 0) {
    throw new MailRenderingError('accounts must list at least one account');
  }
  const several = data.accounts.length > 1;
  return renderTemplate(
    'forgotten-identifier',
    several ? 'Rappel de vos identifiants' : 'Rappel de votre identifiant',
    {
      email: line(data.email, 'email'),
      requestedOn: formatShortDate(data.requestedAt),
      several,
      accounts: data.accounts.map((account, i) => ({
        identifier: line(account.identifier, `accounts[${i}].identifier`),
        holderName: fullName(account, `accounts[${i}]`),
        employerName: line(account.employerName, `accounts[${i}].employerName`),
      })),
    },
    data,
  );
}

// ---------------------------------------------------------------- d. and e.

export interface InactivityWarningMailData extends MailLinks {
  recipient: NamedPerson;
  identifier: string;
  employerName: string;
  /** Last sign-in (or account creation when never signed in). */
  lastActivityAt: Instant;
  /** The day the account will be deactivated. */
  deactivationAt: Instant;
  /** Sign-in page. */
  signInLink: string;
}

/** d. Inactivity warning: the account will be deactivated on a date unless the holder signs in. */
export function renderInactivityWarningMail(data: InactivityWarningMailData): RenderedMail {
  const deactivationOn = formatShortDate(data.deactivationAt);
  return renderTemplate(
    'inactivity-warning',
    `Votre compte sera désactivé le ${deactivationOn}`,
    {
      recipientName: name(data.recipient, 'recipient'),
      identifier: line(data.identifier, 'identifier'),
      employerName: line(data.employerName, 'employerName'),
      lastActivityOn: formatShortDate(data.lastActivityAt),
      deactivationOn,
      signInLink: assertHttpUrl(data.signInLink, 'signInLink'),
    },
    data,
  );
}

export interface AccountDeactivatedMailData extends MailLinks {
  recipient: NamedPerson;
  identifier: string;
  employerName: string;
  lastActivityAt: Instant;
  deactivatedAt: Instant;
}

/** e. Account deactivated (unused for 18 months). */
export function renderAccountDeactivatedMail(data: AccountDeactivatedMailData): RenderedMail {
  return renderTemplate(
    'account-deactivated',
    'Votre compte a été désactivé',
    {
      recipientName: name(data.recipient, 'recipient'),
      identifier: line(data.identifier, 'identifier'),
      employerName: line(data.employerName, 'employerName'),
      lastActivityOn: formatShortDate(data.lastActivityAt),
      deactivatedOn: formatShortDate(data.deactivatedAt),
    },
    data,
  );
}

// ---------------------------------------------------------------- f.

/** How the cancelled administrator became one: created as such, or promoted from user. */
export type AdministratorRegistrationKind = 'created' | 'promoted';

export interface RegistrationCancelledMailData extends MailLinks {
  recipient: NamedPerson;
  /** The cancelled administrator's identifier. */
  identifier: string;
  employerName: string;
  kind: AdministratorRegistrationKind;
  cancelledAt: Instant;
  /** The DRS's reason, shown as given (escaped). */
  reason: string;
}

export interface RegistrationCancelledAdministratorsMailData extends MailLinks {
  /** One of the employer's other administrators. */
  recipient: NamedPerson;
  /** The holder whose registration was cancelled. */
  holder: FullyNamedPerson & { identifier: string };
  employerName: string;
  kind: AdministratorRegistrationKind;
  cancelledAt: Instant;
  reason: string;
}

function promoted(kind: AdministratorRegistrationKind): boolean {
  switch (kind) {
    case 'created':
      return false;
    case 'promoted':
      return true;
    default: {
      const unexpected: never = kind;
      throw new MailRenderingError(`Unknown registration kind: ${String(unexpected)}`);
    }
  }
}

/** f. Administrator registration cancelled by the DRS, to the holder. */
export function renderRegistrationCancelledMail(data: RegistrationCancelledMailData): RenderedMail {
  return renderTemplate(
    'registration-cancelled-holder',
    "Annulation de votre inscription en tant qu'administrateur",
    {
      recipientName: name(data.recipient, 'recipient'),
      identifier: line(data.identifier, 'identifier'),
      employerName: line(data.employerName, 'employerName'),
      promoted: promoted(data.kind),
      cancelledOn: formatShortDate(data.cancelledAt),
      reason: line(data.reason, 'reason'),
    },
    data,
  );
}

/** f'. Administrator registration cancelled by the DRS, to the employer's other administrators. */
export function renderRegistrationCancelledToAdministratorsMail(
  data: RegistrationCancelledAdministratorsMailData,
): RenderedMail {
  return renderTemplate(
    'registration-cancelled-administrators',
    "Annulation de l'inscription d'un administrateur de votre établissement",
    {
      recipientName: name(data.recipient, 'recipient'),
      holderName: fullName(data.holder, 'holder'),
      holderIdentifier: line(data.holder.identifier, 'holder.identifier'),
      employerName: line(data.employerName, 'employerName'),
      promoted: promoted(data.kind),
      cancelledOn: formatShortDate(data.cancelledAt),
      reason: line(data.reason, 'reason'),
    },
    data,
  );
}

// ---------------------------------------------------------------- g.

export interface PromotedToAdministratorMailData extends MailLinks {
  recipient: NamedPerson;
  identifier: string;
  employerName: string;
  /** The administrator who changed the profile. */
  promoter: NamedPerson;
  promotedAt: Instant;
  /** Lines of the legal representative's address (the letter went there); sentence omitted without it. */
  legalRepresentativeAddress?: readonly string[];
}

/** g. Profile changed to administrator: takes effect at the next sign-in. */
export function renderPromotedToAdministratorMail(data: PromotedToAdministratorMailData): RenderedMail {
  return renderTemplate(
    'promoted-to-administrator',
    'Vous êtes désormais administrateur',
    {
      recipientName: name(data.recipient, 'recipient'),
      identifier: line(data.identifier, 'identifier'),
      employerName: line(data.employerName, 'employerName'),
      promoterName: name(data.promoter, 'promoter'),
      promotedOn: formatShortDate(data.promotedAt),
      legalRepresentativeAddress:
        data.legalRepresentativeAddress && data.legalRepresentativeAddress.length > 0
          ? addressOnOneLine(data.legalRepresentativeAddress, 'legalRepresentativeAddress')
          : '',
    },
    data,
  );
}
