import type { CompleteRights } from '../rights/rights.js';
import type { SecondFactorState } from '../second-factor/second-factor-state.js';
import type { AccountStatus } from './account-status.js';
import type { ContactDetails } from './account-events.js';
import type { Profile } from './profile.js';

export type TokenStatus = 'pending' | 'used' | 'superseded' | 'expired';

export interface IssuedToken {
  issuedAt: string;
  expiresAt: string;
  status: TokenStatus;
}

export interface Account extends ContactDetails {
  accountId: string;
  employerId: string;
  identifier: string;
  profile: Profile;
  /** The profile chosen at creation: tells a created administrator from a promoted one. */
  createdAs: Profile;
  rights: CompleteRights;
  status: AccountStatus;
  createdAt: string;
  /** When the account became administrator (creation or promotion); starts the 8-day terms-of-use delay. */
  administratorSince: string | null;
  /** Promoted, and not signed in since: current sessions still carry the user profile. */
  promotionPending: boolean;
  /** Every password-creation link ever issued, by token hash, so old links answer "used" rather than "unknown". */
  invitations: Readonly<Record<string, IssuedToken>>;
  passwordResets: Readonly<Record<string, IssuedToken>>;
  passwordHash: string | null;
  /** Latest password creation from a link (activation, or reactivation by a fresh link). */
  activatedAt: string | null;
  lastSignInAt: string | null;
  /** Last PEP's renewal: counts as activity for the 18-month deadline. */
  renewedAt: string | null;
  consecutiveFailedSignIns: number;
  /** The deactivation instant an inactivity warning was sent for (a new sign-in moves the deadline). */
  inactivityWarningFor: string | null;
  /** When the DRS erased the holder's personal data (the account is closed for good), or null. */
  personalDataErasedAt: string | null;
  /** Methods, pending code, trusted workstations: see libs/domain/src/second-factor. */
  secondFactor: SecondFactorState;
}

/** `null` until the account is created. */
export type AccountState = Account | null;

export const initialAccountState: AccountState = null;
