import type { IssuedCodeMethod } from './second-factor-policy.js';

/** The code last e-mailed or texted; only its digest is kept. */
export interface PendingCode {
  challengeId: string;
  method: IssuedCodeMethod;
  codeDigest: string;
  issuedAt: string;
  expiresAt: string;
}

export interface EnrolledTotp {
  secret: string;
  enrolledAt: string;
  /** Absolute 30-second step of the last accepted code: that step and older ones are refused (replay). */
  lastUsedStep: number;
}

export interface PendingTotp {
  secret: string;
  startedAt: string;
}

export interface RecoveryCode {
  usedAt: string | null;
}

/** What a verified WebAuthn registration yields: the command brings it, the event records it, the state keeps it. */
export interface PasskeyCredential {
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  /** WebAuthn signature counter; 0 for authenticators that do not count. */
  counter: number;
  transports: string[];
}

export interface Passkey extends PasskeyCredential {
  name: string;
  registeredAt: string;
  lastUsedAt: string | null;
}

export interface TrustedWorkstation {
  /** Digest of the random token kept in the workstation's cookie. */
  tokenDigest: string;
  label: string;
  trustedAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

export interface SecondFactorState {
  pendingCode: PendingCode | null;
  totp: EnrolledTotp | null;
  pendingTotp: PendingTotp | null;
  /** By code digest. */
  recoveryCodes: Readonly<Record<string, RecoveryCode>>;
  /** By passkeyId. */
  passkeys: Readonly<Record<string, Passkey>>;
  /** By workstationId. */
  workstations: Readonly<Record<string, TrustedWorkstation>>;
  consecutiveFailures: number;
  lastVerifiedAt: string | null;
}

/** What `account.created` starts with, and what an account stream recorded before the second factor replays to. */
export const emptySecondFactor: SecondFactorState = {
  pendingCode: null,
  totp: null,
  pendingTotp: null,
  recoveryCodes: {},
  passkeys: {},
  workstations: {},
  consecutiveFailures: 0,
  lastVerifiedAt: null,
};
