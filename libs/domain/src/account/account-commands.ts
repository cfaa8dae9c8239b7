import type { RightsInput } from '../rights/resolve-rights.js';
import type { Profile } from './profile.js';

/** Fields arrive as received from the API body: the decider checks every one of them. */
export interface CreateAccount {
  type: 'CreateAccount';
  accountId: string;
  employerId: string;
  /** Allocated by the caller from `identifierPrefix(firstName, lastName)` and the platform sequence. */
  identifier: string;
  profile: unknown;
  civility: unknown;
  lastName: unknown;
  firstName: unknown;
  email: unknown;
  emailConfirmation: unknown;
  phone?: unknown;
  professionalAddress?: unknown;
  /** Complete rights, already resolved against the employer's template (see `resolveRights`). */
  rights: RightsInput;
  /** The first password-creation link is issued with the account. */
  invitationTokenHash: string;
}

/** Only the fields present change; `phone: null` or `''` removes the phone. */
export interface ChangeContactDetails {
  type: 'ChangeContactDetails';
  accountId: string;
  civility?: unknown;
  lastName?: unknown;
  firstName?: unknown;
  /** A new e-mail must come with its confirmation. */
  email?: unknown;
  emailConfirmation?: unknown;
  phone?: unknown;
  professionalAddress?: unknown;
}

/** Services left out keep their current level. */
export interface ChangeRights {
  type: 'ChangeRights';
  accountId: string;
  rights: RightsInput;
}

export interface PromoteToAdministrator {
  type: 'PromoteToAdministrator';
  accountId: string;
  /** Required unless the account already has one. */
  professionalAddress?: unknown;
}

/** The profile field of the edit form: `administrator` promotes, `user` is refused for an administrator. */
export interface ChangeProfile {
  type: 'ChangeProfile';
  accountId: string;
  profile: Profile;
  professionalAddress?: unknown;
}

export interface DeleteAccount {
  type: 'DeleteAccount';
  accountId: string;
}

export interface IssuePasswordInvitation {
  type: 'IssuePasswordInvitation';
  accountId: string;
  /** Hash of the random token put in the e-mailed link; the token itself never reaches the domain. */
  tokenHash: string;
}

export interface CreatePassword {
  type: 'CreatePassword';
  accountId: string;
  tokenHash: string;
  /** argon2id hash of a password that passed `checkPasswordPolicy`. */
  passwordHash: string;
}

export interface ExpireInvitation {
  type: 'ExpireInvitation';
  accountId: string;
  tokenHash: string;
}

export interface RequestPasswordReset {
  type: 'RequestPasswordReset';
  accountId: string;
  tokenHash: string;
}

export interface CompletePasswordReset {
  type: 'CompletePasswordReset';
  accountId: string;
  tokenHash: string;
  passwordHash: string;
}

/** The caller has verified the password; the account decides whether it may sign in. */
export interface RecordSignIn {
  type: 'RecordSignIn';
  accountId: string;
}

export interface RecordFailedSignIn {
  type: 'RecordFailedSignIn';
  accountId: string;
}

/**
 * After a successful sign-in, the caller re-hashed the password because the stored hash was made with other argon2
 * parameters than today's (OWASP Password Storage: upgrade on next sign-in).
 */
export interface RecordPasswordRehash {
  type: 'RecordPasswordRehash';
  accountId: string;
  /** argon2id hash of the same password, made with the current parameters. */
  passwordHash: string;
}

export interface UnlockAccount {
  type: 'UnlockAccount';
  accountId: string;
}

export interface CancelAdministratorRegistration {
  type: 'CancelAdministratorRegistration';
  accountId: string;
  reason: unknown;
}

export interface RecordInactivityWarning {
  type: 'RecordInactivityWarning';
  accountId: string;
}

export interface DeactivateForInactivity {
  type: 'DeactivateForInactivity';
  accountId: string;
}

export type AccountCommand =
  | CreateAccount
  | ChangeContactDetails
  | ChangeRights
  | PromoteToAdministrator
  | ChangeProfile
  | DeleteAccount
  | IssuePasswordInvitation
  | CreatePassword
  | ExpireInvitation
  | RequestPasswordReset
  | CompletePasswordReset
  | RecordSignIn
  | RecordFailedSignIn
  | RecordPasswordRehash
  | UnlockAccount
  | CancelAdministratorRegistration
  | RecordInactivityWarning
  | DeactivateForInactivity;
