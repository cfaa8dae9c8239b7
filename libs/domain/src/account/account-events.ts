import type { Civility } from '../person-name/civility.js';
import type { CompleteRights, RightChange } from '../rights/rights.js';
import type { Actor } from '../shared/command-metadata.js';
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
  data: { accountId: string; lockedAt: string; reason: 'too-many-failed-sign-ins' };
}

export interface AccountUnlocked {
  type: 'account.unlocked';
  data: { accountId: string; unlockedBy: Actor; unlockedAt: string };
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
  | SignedIn
  | SignInFailed
  | AccountLocked
  | AccountUnlocked
  | PasswordResetRequested
  | PasswordReset
  | PasswordRehashed
  | InactivityWarned
  | AccountDeactivated;
