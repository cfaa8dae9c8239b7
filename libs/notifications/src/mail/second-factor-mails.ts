/**
 * The second factor's mails: the sign-in code (sent by the platform when it issues the code, the only moment
 * the plaintext code exists), and two warnings sent by the mail manager (factor reset, new trusted workstation).
 * Pure, like the other mails: instants are passed in.
 */
import { civilityAndLastName, formatShortDate, formatTime, toDate, type Civility, type Instant } from '../format.js';
import { SECOND_FACTOR_CODE_VALIDITY_MINUTES } from '../sms/sms-text.js';
import { MailRenderingError, renderTemplate, type MailLinks, type RenderedMail } from './engine.js';
import type { NamedPerson } from './mails.js';

/** One line of text: whitespace and line breaks collapsed (no header or layout injection). */
function line(value: string, what: string): string {
  if (typeof value !== 'string') throw new MailRenderingError(`${what} is required`);
  const collapsed = value.replace(/\s+/g, ' ').trim();
  if (collapsed === '') throw new MailRenderingError(`${what} is required`);
  return collapsed;
}

/** A platform operator has a display name and no civility (« Opérateur DRS DRS1 »). */
export interface DisplayNamed {
  displayName: string;
}

const recipientName = (person: NamedPerson | DisplayNamed): string =>
  'displayName' in person
    ? line(person.displayName, 'recipient.displayName')
    : civilityAndLastName({ civility: person.civility, lastName: line(person.lastName, 'recipient.lastName') });

const administratorNoun = (civility: Civility): string => (civility === 'madame' ? 'administratrice' : 'administrateur');

// ---------------------------------------------------------------- the code

export interface SecondFactorCodeMailData extends MailLinks {
  /** An employer account's holder, or an operator (codes by e-mail). */
  recipient: NamedPerson | DisplayNamed;
  identifier: string;
  /** The 6-digit code, in the body only: never in the subject, which notification records and mail clients show. */
  code: string;
  /** When the code was issued; it expires SECOND_FACTOR_CODE_VALIDITY_MINUTES later. */
  issuedAt: Instant;
}

/** « Votre code de connexion »: the code to type on the sign-in (or confirmation) page. */
export function renderSecondFactorCodeMail(data: SecondFactorCodeMailData): RenderedMail {
  if (typeof data.code !== 'string' || !/^\d{6}$/.test(data.code)) throw new MailRenderingError('code must be 6 digits');
  const expiresAt = new Date(toDate(data.issuedAt, 'issuedAt').getTime() + SECOND_FACTOR_CODE_VALIDITY_MINUTES * 60_000);
  return renderTemplate(
    'second-factor-code',
    'Votre code de connexion',
    {
      recipientName: recipientName(data.recipient),
      identifier: line(data.identifier, 'identifier'),
      code: data.code,
      validityMinutes: SECOND_FACTOR_CODE_VALIDITY_MINUTES,
      expiresOn: formatShortDate(expiresAt),
      expiresAt: formatTime(expiresAt),
    },
    data,
  );
}

// ---------------------------------------------------------------- the reset

/** Who reset the factor: an administrator of the holder's employer (named when known), or the DRS. */
export type SecondFactorResetter = { role: 'administrator'; person?: NamedPerson } | { role: 'drs' };

export interface SecondFactorResetMailData extends MailLinks {
  recipient: NamedPerson;
  identifier: string;
  resetBy: SecondFactorResetter;
  resetAt: Instant;
}

function resetterView(resetter: SecondFactorResetter): { resetterName: string; resetterRole: string; reportTo: string } {
  switch (resetter.role) {
    case 'administrator':
      return resetter.person
        ? {
            resetterName: civilityAndLastName({ civility: resetter.person.civility, lastName: line(resetter.person.lastName, 'resetBy.person.lastName') }),
            resetterRole: `${administratorNoun(resetter.person.civility)} de votre établissement`,
            reportTo: 'un administrateur de votre établissement',
          }
        : { resetterName: 'un administrateur de votre établissement', resetterRole: '', reportTo: 'un administrateur de votre établissement' };
    case 'drs':
      return {
        resetterName: 'la Direction des Retraites et de la Solidarité',
        resetterRole: '',
        reportTo: "l'assistance de la Direction des Retraites et de la Solidarité",
      };
    default: {
      const unexpected: never = resetter;
      throw new MailRenderingError(`Unknown resetter: ${JSON.stringify(unexpected)}`);
    }
  }
}

/** « Votre double authentification a été réinitialisée »: who did it, when, and what it means for the holder. */
export function renderSecondFactorResetMail(data: SecondFactorResetMailData): RenderedMail {
  return renderTemplate(
    'second-factor-reset',
    'Votre double authentification a été réinitialisée',
    {
      recipientName: recipientName(data.recipient),
      identifier: line(data.identifier, 'identifier'),
      resetOn: formatShortDate(data.resetAt),
      resetAt: formatTime(data.resetAt),
      ...resetterView(data.resetBy),
    },
    data,
  );
}

// ---------------------------------------------------------------- a new trusted workstation

export interface NewWorkstationMailData extends MailLinks {
  recipient: NamedPerson;
  identifier: string;
  /** How the holder's browser described the workstation (e.g. « Firefox sur Windows »). */
  workstationLabel: string;
  trustedAt: Instant;
  /** Until when the workstation is spared the second factor. */
  expiresAt: Instant;
}

/** « Connexion depuis un nouveau poste »: a sign-in confirmed and remembered on a workstation not seen before. */
export function renderNewWorkstationMail(data: NewWorkstationMailData): RenderedMail {
  return renderTemplate(
    'new-workstation',
    'Connexion depuis un nouveau poste',
    {
      recipientName: recipientName(data.recipient),
      identifier: line(data.identifier, 'identifier'),
      workstationLabel: line(data.workstationLabel, 'workstationLabel').slice(0, 120),
      trustedOn: formatShortDate(data.trustedAt),
      trustedAt: formatTime(data.trustedAt),
      expiresOn: formatShortDate(data.expiresAt),
      expiresAt: formatTime(data.expiresAt),
    },
    data,
  );
}
