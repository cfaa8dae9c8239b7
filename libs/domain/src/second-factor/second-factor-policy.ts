import type { Role } from '../shared/command-metadata.js';

/** An e-mailed or texted code is valid this long (the SMS says « Il est valable 5 minutes »). */
export const SECOND_FACTOR_CODE_TTL_MINUTES = 5;
/** « Faire confiance à ce poste » skips the second factor at sign-in for this long. */
export const WORKSTATION_TRUST_DAYS = 7;
/** A sensitive change (removing a method…) needs a second factor verified this recently. */
export const STEP_UP_WINDOW_MINUTES = 10;
/** Same threshold as the password's (MAX_CONSECUTIVE_FAILED_SIGN_INS): then the account is locked. */
export const MAX_CONSECUTIVE_FAILED_SECOND_FACTORS = 5;
/** Recovery codes handed out when an authenticator application is enrolled. */
export const RECOVERY_CODE_COUNT = 10;
export const MAX_PASSKEYS = 10;
export const PASSKEY_NAME_MAX_LENGTH = 60;

/** PEPS_SECOND_FACTOR: who must present a second factor at sign-in. */
export type SecondFactorPolicy = 'required' | 'administrators' | 'off';

export type SecondFactorMethod = 'email' | 'sms' | 'totp' | 'passkey' | 'recovery';

/** Methods whose code the platform issues and the account keeps as pending. */
export type IssuedCodeMethod = Extract<SecondFactorMethod, 'email' | 'sms'>;

export type SecondFactorPurpose = 'sign-in' | 'step-up';

export const secondFactorMethods: readonly SecondFactorMethod[] = ['email', 'sms', 'totp', 'passkey', 'recovery'];

export function isSecondFactorMethod(value: unknown): value is SecondFactorMethod {
  return typeof value === 'string' && (secondFactorMethods as readonly string[]).includes(value);
}

// Roles that see other people's data across employers or administer accounts: « administrators » covers them all.
const privilegedRoles: readonly Role[] = ['administrator', 'drs', 'auditor'];

export function secondFactorApplies(policy: SecondFactorPolicy, roles: readonly Role[]): boolean {
  switch (policy) {
    case 'required':
      return true;
    case 'administrators':
      return roles.some((role) => privilegedRoles.includes(role));
    case 'off':
      return false;
    default:
      return true;
  }
}
