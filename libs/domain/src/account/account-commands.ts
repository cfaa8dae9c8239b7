import type { RightsInput } from '../rights/resolve-rights.js';
import type { PasskeyCredential } from '../second-factor/second-factor-state.js';
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

/** The account form ("Ses coordonnées", step 1 of the creation) as received from a page or the API body. */
export interface AccountContactInput {
  profile?: unknown;
  civility?: unknown;
  lastName?: unknown;
  firstName?: unknown;
  email?: unknown;
  emailConfirmation?: unknown;
  phone?: unknown;
  professionalAddress?: unknown;
}

/** The same form for a change of "Ses coordonnées": the profile changes by promotion, not with the contact. */
export type ContactChangesInput = Omit<AccountContactInput, 'profile'>;

/** Only the fields present change; a new e-mail must come with its confirmation; `phone: null` or `''` removes the phone. */
export interface ChangeContactDetails extends ContactChangesInput {
  type: 'ChangeContactDetails';
  accountId: string;
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

/** PEP's renewal: an administrator of the employer keeps an account in use for another 18 months. */
export interface RenewAccount {
  type: 'RenewAccount';
  accountId: string;
}

export interface CancelAdministratorRegistration {
  type: 'CancelAdministratorRegistration';
  accountId: string;
  reason: unknown;
}

/** The DRS erases the personal data of a closed account (deleted, or registration cancelled). */
export interface ErasePersonalData {
  type: 'ErasePersonalData';
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

// The second factor. Secrets and codes never reach the domain in clear: the platform sends their digests, and
// runs the TOTP and WebAuthn checks itself (the domain has no clock and no crypto), passing their outcome.

/** The platform drew a code and e-mails or texts it; `method` comes from the page. */
export interface IssueSecondFactorCode {
  type: 'IssueSecondFactorCode';
  accountId: string;
  challengeId: string;
  method: unknown;
  codeDigest: string;
}

export type PresentedSecondFactor =
  | { method: 'email' | 'sms'; codeDigest: string }
  /** The platform ran otplib with ±1 step: the absolute step that matched, or null. */
  | { method: 'totp'; matchedStep: number | null }
  | { method: 'recovery'; codeDigest: string }
  /** The platform verified the assertion against the stored public key: `verified`, and the counter it carried. */
  | { method: 'passkey'; passkeyId: string | null; verified: boolean; newCounter: number };

export interface TrustWorkstationRequest {
  workstationId: string;
  /** Digest of the random token the platform puts in the workstation's cookie. */
  tokenDigest: string;
  label: string;
}

export interface VerifySecondFactor {
  type: 'VerifySecondFactor';
  accountId: string;
  challengeId: string;
  purpose: 'sign-in' | 'step-up';
  presented: PresentedSecondFactor;
  trustWorkstation?: TrustWorkstationRequest;
}

/** The holder scans a QR code of this secret; the enrolment is complete once a code from it is confirmed. */
export interface StartTotpEnrolment {
  type: 'StartTotpEnrolment';
  accountId: string;
  secret: string;
}

export interface ConfirmTotpEnrolment {
  type: 'ConfirmTotpEnrolment';
  accountId: string;
  /** Step of the pending secret the typed code matched (±1 step), or null. */
  matchedStep: number | null;
  /** Digests of the RECOVERY_CODE_COUNT recovery codes shown once to the holder. */
  recoveryCodeDigests: string[];
}

export interface RemoveTotp {
  type: 'RemoveTotp';
  accountId: string;
}

/** After the platform verified the WebAuthn registration. */
export interface RegisterPasskey extends PasskeyCredential {
  type: 'RegisterPasskey';
  accountId: string;
  passkeyId: string;
  /** Typed by the holder. */
  name: unknown;
}

export interface RemovePasskey {
  type: 'RemovePasskey';
  accountId: string;
  passkeyId: string;
}

export interface RevokeWorkstation {
  type: 'RevokeWorkstation';
  accountId: string;
  workstationId: string;
}

/** The holder lost their means: an administrator of the employer (or the DRS, for an administrator) resets them. */
export interface ResetSecondFactor {
  type: 'ResetSecondFactor';
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
  | RenewAccount
  | CancelAdministratorRegistration
  | ErasePersonalData
  | RecordInactivityWarning
  | DeactivateForInactivity
  | IssueSecondFactorCode
  | VerifySecondFactor
  | StartTotpEnrolment
  | ConfirmTotpEnrolment
  | RemoveTotp
  | RegisterPasskey
  | RemovePasskey
  | RevokeWorkstation
  | ResetSecondFactor;
