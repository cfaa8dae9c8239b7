// Spec-only fixtures for the second factor: Jean Louty's codes, authenticator application, passkeys and workstations.
import type { AccountEvent } from '../account/account-events.js';
import type { SecondFactorMethod } from '../second-factor/second-factor-policy.js';
import type { Actor } from '../shared/command-metadata.js';
import { addMs } from '../shared/instant.js';
import { adminActor, at, employerId, invitationIssued, jeanLoutyCreated, passwordCreated } from './fixtures.js';
import { userOf } from './metadata.js';

export const accountId = 'account-jlo';
/** Jean's own session. */
export const jeanActor: Actor = userOf(employerId, accountId);
/** Sign-in and second-factor steps happen on day 2, a minute apart. */
export const minutes = (n: number, base = at(2)) => addMs(base, n * 60 * 1000);

/** Jean with a mobile phone on his account. */
export const activeJeanWithMobile: AccountEvent[] = [jeanLoutyCreated({ phone: '0612345678' }), invitationIssued(), passwordCreated()];

export function codeIssued(challengeId = 'challenge-1', method: 'email' | 'sms' = 'email', issuedAt = minutes(0), codeDigest = 'digest-123456'): AccountEvent {
  return { type: 'account.second-factor-code-issued', data: { accountId, challengeId, method, codeDigest, issuedAt, expiresAt: addMs(issuedAt, 5 * 60 * 1000) } };
}

export function secondFactorFailed(consecutiveFailures: number, method: SecondFactorMethod = 'email', failedAt = minutes(1), challengeId = 'challenge-1'): AccountEvent {
  return { type: 'account.second-factor-failed', data: { accountId, challengeId, method, failedAt, consecutiveFailures } };
}

export function lockedBySecondFactor(lockedAt = minutes(1)): AccountEvent {
  return { type: 'account.locked', data: { accountId, lockedAt, reason: 'too-many-failed-second-factors' } };
}

export function signedInAt(signedInAt: string): AccountEvent {
  return { type: 'account.signed-in', data: { accountId, signedInAt, profile: 'user', promotionTookEffect: false } };
}

export const totpSecret = 'JBSWY3DPEHPK3PXP';
export const recoveryDigests = Array.from({ length: 10 }, (_, i) => `recovery-digest-${i}`);
/** A step in 2020: floor(epochSeconds / 30). */
export const enrolmentStep = 52_812_000;

export const totpEnrolmentStarted = (startedAt = at(1)): AccountEvent => ({
  type: 'account.totp-enrolment-started',
  data: { accountId, secret: totpSecret, startedAt },
});

export const totpEnrolled = (enrolledAt = at(1), step = enrolmentStep): AccountEvent => ({
  type: 'account.totp-enrolled',
  data: { accountId, enrolledAt, step, recoveryCodeDigests: recoveryDigests },
});

/** Jean, his authenticator application enrolled on day 1 with 10 recovery codes. */
export const jeanWithTotp: AccountEvent[] = [jeanLoutyCreated(), invitationIssued(), passwordCreated(), totpEnrolmentStarted(), totpEnrolled()];

export function passkeyRegistered(passkeyId = 'passkey-1', counter = 0, credentialId = 'credential-1', name = 'Clé USB bleue'): AccountEvent {
  return {
    type: 'account.passkey-registered',
    data: { accountId, passkeyId, credentialId, publicKey: 'pQECAyYgASFYIPublicKey', counter, transports: ['usb'], name, registeredAt: at(1) },
  };
}

export function workstationTrusted(workstationId = 'workstation-1', trustedAt = minutes(1), tokenDigest = 'workstation-token-digest-1'): AccountEvent {
  return {
    type: 'account.workstation-trusted',
    data: { accountId, workstationId, tokenDigest, label: 'Firefox sur Windows', trustedAt, expiresAt: addMs(trustedAt, 7 * 24 * 60 * 60 * 1000) },
  };
}

export const deletedJean = (deletedAt = at(3)): AccountEvent => ({
  type: 'account.deleted',
  data: { accountId, employerId, profile: 'user', deletedBy: adminActor, deletedAt },
});
