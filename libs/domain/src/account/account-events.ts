import type { Civility } from '../person-name/civility.js';
import type { CompleteRights, RightChange } from '../rights/rights.js';
import type { Actor } from '../shared/command-metadata.js';
import type { IssuedCodeMethod, SecondFactorMethod, SecondFactorPurpose } from '../second-factor/second-factor-policy.js';
import type { PasskeyCredential } from '../second-factor/second-factor-state.js';
import type { Profile } from './profile.js';

export interface ContactDetails {
  civility: Civility;
  lastName: string;
  firstName: string;
  email: string;
  phone: string | null;
  professionalAddress: string[] | null;
}

export interface Change<T> {
  from: T;
  to: T;
}

export type ContactChanges = { [K in keyof ContactDetails]?: Change<ContactDetails[K]> };

export interface AccountCreated {
  type: 'account.created';
  data: ContactDetails & {
    accountId: string;
    employerId: string;
    identifier: string;
    profile: Profile;
    rights: CompleteRights;
    rightsCatalogueVersion: number;
    createdBy: Actor;
    createdAt: string;
  };
}

export interface PasswordInvitationIssued {
  type: 'account.password-invitation-issued';
  data: {
    accountId: string;
    tokenHash: string;
    issuedAt: string;
    expiresAt: string;
    /** The link this one kills, if any. */
    supersededTokenHash: string | null;
    issuedBy: Actor;
  };
}

export interface PasswordCreated {
  type: 'account.password-created';
  /** History views must not show `passwordHash`. */
  data: { accountId: string; tokenHash: string; passwordHash: string; createdAt: string };
}

export interface InvitationExpired {
  type: 'account.invitation-expired';
  data: { accountId: string; tokenHash: string; expiredAt: string };
}

export interface ContactDetailsChanged {
  type: 'account.contact-details-changed';
  data: { accountId: string; changes: ContactChanges; changedBy: Actor; changedAt: string };
}

export interface RightsChanged {
  type: 'account.rights-changed';
  data: {
    accountId: string;
    /** The full new rights, so a read model needs no earlier event. */
    rights: CompleteRights;
    changes: RightChange[];
    rightsCatalogueVersion: number;
    changedBy: Actor;
    changedAt: string;
  };
}

export interface PromotedToAdministrator {
  type: 'account.promoted-to-administrator';
  data: {
    accountId: string;
    employerId: string;
    identifier: string;
    /** The holder's details as of the promotion: what the legal representative's letter shows. */
    holder: ContactDetails & { professionalAddress: string[] };
    promotedBy: Actor;
    promotedAt: string;
  };
}

export interface AccountDeleted {
  type: 'account.deleted';
  data: { accountId: string; employerId: string; profile: Profile; deletedBy: Actor; deletedAt: string };
}

export interface AdministratorRegistrationCancelled {
  type: 'account.administrator-registration-cancelled';
  data: {
    accountId: string;
    employerId: string;
    reason: string;
    /** A created administrator's account is closed; a promoted one goes back to user. */
    outcome: 'closed' | 'demoted-to-user';
    cancelledBy: Actor;
    cancelledAt: string;
  };
}

/**
 * The DRS erased the holder's personal data from a closed account: their key is destroyed, so every earlier event
 * reads « donnée effacée » in place of each personal value; the read models, mails and letters follow.
 */
export interface PersonalDataErased {
  type: 'account.personal-data-erased';
  data: { accountId: string; employerId: string; reason: string; erasedBy: Actor; erasedAt: string };
}

export interface SignedIn {
  type: 'account.signed-in';
  data: {
    accountId: string;
    signedInAt: string;
    /** The profile the new session gets. */
    profile: Profile;
    /** A promotion takes effect at the next sign-in: this is that sign-in. */
    promotionTookEffect: boolean;
  };
}

export interface SignInFailed {
  type: 'account.sign-in-failed';
  data: { accountId: string; failedAt: string; consecutiveFailures: number };
}

export interface AccountLocked {
  type: 'account.locked';
  data: { accountId: string; lockedAt: string; reason: AccountLockReason };
}

export type AccountLockReason = 'too-many-failed-sign-ins' | 'too-many-failed-second-factors';

export interface AccountUnlocked {
  type: 'account.unlocked';
  data: { accountId: string; unlockedBy: Actor; unlockedAt: string };
}

/** The 18-month inactivity period restarts at `renewedAt`. */
export interface AccountRenewed {
  type: 'account.renewed';
  data: { accountId: string; renewedBy: Actor; renewedAt: string };
}

export interface PasswordResetRequested {
  type: 'account.password-reset-requested';
  data: { accountId: string; tokenHash: string; requestedAt: string; expiresAt: string; supersededTokenHash: string | null };
}

export interface PasswordReset {
  type: 'account.password-reset';
  /** History views must not show `passwordHash`. */
  data: { accountId: string; tokenHash: string; passwordHash: string; resetAt: string; unlocked: boolean };
}

export interface PasswordRehashed {
  type: 'account.password-rehashed';
  /** Same password, new argon2 parameters. History views must not show `passwordHash`. */
  data: { accountId: string; passwordHash: string; rehashedAt: string };
}

export interface InactivityWarned {
  type: 'account.inactivity-warned';
  data: { accountId: string; lastActivityAt: string; deactivationAt: string; warnedAt: string };
}

export interface AccountDeactivated {
  type: 'account.deactivated';
  data: { accountId: string; lastActivityAt: string; deactivatedAt: string; reason: 'inactivity' };
}

// The second factor. History views must not show `codeDigest`, `secret`, `publicKey`, `tokenDigest` or
// `recoveryCodeDigest(s)`.

export interface SecondFactorCodeIssued {
  type: 'account.second-factor-code-issued';
  /** Replaces any pending code. */
  data: { accountId: string; challengeId: string; method: IssuedCodeMethod; codeDigest: string; issuedAt: string; expiresAt: string };
}

export interface SecondFactorVerified {
  type: 'account.second-factor-verified';
  data: {
    accountId: string;
    challengeId: string;
    method: SecondFactorMethod;
    purpose: SecondFactorPurpose;
    verifiedAt: string;
    /** totp: the step accepted, refused from now on. */
    totpStep?: number;
    /** recovery: the code used up. */
    recoveryCodeDigest?: string;
    passkeyId?: string;
    passkeyCounter?: number;
  };
}

export interface SecondFactorFailed {
  type: 'account.second-factor-failed';
  data: { accountId: string; challengeId: string; method: SecondFactorMethod; failedAt: string; consecutiveFailures: number };
}

export interface TotpEnrolmentStarted {
  type: 'account.totp-enrolment-started';
  data: { accountId: string; secret: string; startedAt: string };
}

export interface TotpEnrolled {
  type: 'account.totp-enrolled';
  /** The secret is the pending enrolment's. */
  data: { accountId: string; enrolledAt: string; step: number; recoveryCodeDigests: string[] };
}

export interface TotpRemoved {
  type: 'account.totp-removed';
  /** The recovery codes go with it. */
  data: { accountId: string; removedAt: string; removedBy: Actor };
}

export interface PasskeyRegistered {
  type: 'account.passkey-registered';
  data: { accountId: string; passkeyId: string } & PasskeyCredential & { name: string; registeredAt: string };
}

export interface PasskeyRemoved {
  type: 'account.passkey-removed';
  data: { accountId: string; passkeyId: string; removedAt: string; removedBy: Actor };
}

export interface WorkstationTrusted {
  type: 'account.workstation-trusted';
  data: { accountId: string; workstationId: string; tokenDigest: string; label: string; trustedAt: string; expiresAt: string };
}

export interface WorkstationRevoked {
  type: 'account.workstation-revoked';
  data: { accountId: string; workstationId: string; revokedAt: string; revokedBy: Actor };
}

export interface SecondFactorReset {
  type: 'account.second-factor-reset';
  /** Drops every method but e-mail and SMS, and every trusted workstation. */
  data: { accountId: string; resetBy: Actor; resetAt: string };
}

export type SecondFactorEvent =
  | SecondFactorCodeIssued
  | SecondFactorVerified
  | SecondFactorFailed
  | TotpEnrolmentStarted
  | TotpEnrolled
  | TotpRemoved
  | PasskeyRegistered
  | PasskeyRemoved
  | WorkstationTrusted
  | WorkstationRevoked
  | SecondFactorReset;

export type AccountEvent =
  | AccountCreated
  | PasswordInvitationIssued
  | PasswordCreated
  | InvitationExpired
  | ContactDetailsChanged
  | RightsChanged
  | PromotedToAdministrator
  | AccountDeleted
  | AdministratorRegistrationCancelled
  | PersonalDataErased
  | SignedIn
  | SignInFailed
  | AccountLocked
  | AccountUnlocked
  | AccountRenewed
  | PasswordResetRequested
  | PasswordReset
  | PasswordRehashed
  | InactivityWarned
  | AccountDeactivated
  | SecondFactorEvent;
