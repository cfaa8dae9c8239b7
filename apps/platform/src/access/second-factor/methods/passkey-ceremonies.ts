import { Inject, Injectable } from '@nestjs/common';
import { DomainError, type Account, type Passkey } from '@peps/domain';
import { PLATFORM_CONFIG, type PlatformConfig } from '@peps/runtime';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { isoBase64URL, isoUint8Array } from '@simplewebauthn/server/helpers';

export const RP_NAME = "PEP's Comptes";

/** What the platform keeps of a registered passkey (the domain records it in `account.passkey-registered`). */
export interface RegisteredCredential {
  credentialId: string;
  /** COSE public key, base64url. */
  publicKey: string;
  counter: number;
  transports: string[];
}

export interface CheckedAssertion {
  /** The account's passkey whose credential answered, or null when none of them did. */
  passkeyId: string | null;
  verified: boolean;
  newCounter: number;
}

/**
 * Whose passkeys a ceremony is about: an employer account (its stream) or an operator (`auth.operator_passkeys`).
 * The ceremonies see only this, so both holders share one code path.
 */
export interface PasskeyHolder {
  /** Stable per holder: a discoverable passkey registered again on the same authenticator replaces the old one. */
  userId: string;
  userName: string;
  displayName: string;
  /** The holder's own passkeys, by passkeyId. */
  passkeys: [string, Passkey][];
}

export function accountPasskeyHolder(account: Account): PasskeyHolder {
  return {
    userId: account.accountId,
    userName: account.identifier,
    displayName: `${account.firstName} ${account.lastName}`,
    // Own entries only: ids come from requests, and `constructor` or `__proto__` must not find anything.
    passkeys: Object.entries(account.secondFactor.passkeys),
  };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A passkey is a second factor after the password: the authenticator's presence is enough, PIN or biometrics welcome. */
const USER_VERIFICATION = 'preferred' as const;

/**
 * The WebAuthn ceremonies (@simplewebauthn/server). The relying party is the public URL: its hostname is the RP ID
 * and its origin the only one accepted, so a passkey answers only on the platform's own pages. The challenges
 * handed out are remembered by the caller (ChallengeStore), and every verification is against one of them.
 */
@Injectable()
export class PasskeyCeremonies {
  private readonly rpID: string;
  private readonly origin: string;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    const url = new URL(config.publicUrl);
    this.rpID = url.hostname;
    this.origin = url.origin;
  }

  /** Options for `navigator.credentials.create`; the holder's own passkeys are excluded (no double registration). */
  registrationOptions(holder: PasskeyHolder): Promise<PublicKeyCredentialCreationOptionsJSON> {
    return generateRegistrationOptions({
      rpName: RP_NAME,
      rpID: this.rpID,
      userID: isoUint8Array.fromUTF8String(holder.userId),
      userName: holder.userName,
      userDisplayName: holder.displayName,
      attestationType: 'none',
      excludeCredentials: holder.passkeys.map(([, passkey]) => descriptor(passkey)),
      authenticatorSelection: { residentKey: 'preferred', userVerification: USER_VERIFICATION },
    });
  }

  /** The new credential, once the browser's answer matches the challenge, origin and RP ID; refused otherwise. */
  async verifyRegistration(expectedChallenge: string | null, response: unknown): Promise<RegisteredCredential> {
    if (!expectedChallenge || !isObject(response) || typeof response.id !== 'string' || !isObject(response.response)) throw passkeyRefused();
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response: response as unknown as RegistrationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        requireUserVerification: false,
      });
    } catch {
      // Malformed, another challenge, another origin, an unsupported algorithm: one refusal, nothing recorded.
      throw passkeyRefused();
    }
    if (!verification.verified) throw passkeyRefused();
    const { credential } = verification.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ? [...credential.transports] : [],
    };
  }

  /** Options for `navigator.credentials.get`, limited to the holder's passkeys; the caller keeps `challenge`. */
  authenticationOptions(holder: PasskeyHolder): Promise<PublicKeyCredentialRequestOptionsJSON> {
    return generateAuthenticationOptions({
      rpID: this.rpID,
      allowCredentials: holder.passkeys.map(([, passkey]) => descriptor(passkey)),
      userVerification: USER_VERIFICATION,
    });
  }

  /**
   * Checks an assertion against the holder's passkey it names. Never throws for a bad answer: the caller records the
   * failure (`verified: false`, or `passkeyId: null` when the credential is not one of the holder's).
   */
  async verifyAuthentication(holder: PasskeyHolder, expectedChallenge: string | null, response: unknown): Promise<CheckedAssertion> {
    const credentialId = isObject(response) && typeof response.id === 'string' ? response.id : undefined;
    const found = credentialId === undefined ? undefined : holder.passkeys.find(([, passkey]) => passkey.credentialId === credentialId);
    if (!found) return { passkeyId: null, verified: false, newCounter: 0 };
    const [passkeyId, passkey] = found;
    if (!expectedChallenge || !isObject(response) || !isObject(response.response)) return { passkeyId, verified: false, newCounter: passkey.counter };
    try {
      const result = await verifyAuthenticationResponse({
        response: response as unknown as AuthenticationResponseJSON,
        expectedChallenge,
        expectedOrigin: this.origin,
        expectedRPID: this.rpID,
        credential: { id: passkey.credentialId, publicKey: isoBase64URL.toBuffer(passkey.publicKey), counter: passkey.counter, transports: passkey.transports as never },
        requireUserVerification: false,
      });
      return { passkeyId, verified: result.verified, newCounter: result.authenticationInfo.newCounter };
    } catch {
      // A bad signature, another challenge or origin, a counter gone backwards (a cloned authenticator): refused.
      return { passkeyId, verified: false, newCounter: passkey.counter };
    }
  }
}

export function passkeyRefused(): DomainError {
  return new DomainError('second-factor.passkey-refused');
}

function descriptor(passkey: Passkey): { id: string; transports?: string[] } {
  return passkey.transports.length > 0 ? { id: passkey.credentialId, transports: passkey.transports } : { id: passkey.credentialId };
}
