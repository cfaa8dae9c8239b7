import { DomainError, type PresentedSecondFactor } from '@peps/domain';
import { digestCode, digestRecoveryCode } from './codes.js';
import type { PasskeyCeremonies, PasskeyHolder } from './passkey-ceremonies.js';
import { matchTotpStep } from './totp.js';

/** What a verification may need of the holder, asked only for the method presented (an operator's secret is sealed). */
export interface FactorSource {
  /** The enrolled (confirmed) authenticator app's secret, or null. */
  totpSecret(): Promise<string | null>;
  passkeyHolder(): Promise<PasskeyHolder>;
}

export interface PresentedInput {
  method: string;
  code?: string;
  credential?: unknown;
}

/**
 * What a typed code or an authenticator's answer proves, for accounts and operators alike: a digest, the TOTP step
 * it matched (or null), the passkey that signed. The holder's own rules then decide (the account's decider, the
 * operator's SQL state): a used step, a used recovery code, a counter gone backwards.
 */
export async function presentedFactor(
  input: PresentedInput,
  source: FactorSource,
  webauthnChallenge: string | null,
  now: Date,
  ceremonies: PasskeyCeremonies,
): Promise<PresentedSecondFactor> {
  const code = typeof input.code === 'string' ? input.code.trim().slice(0, 64) : '';
  switch (input.method) {
    case 'email':
    case 'sms':
      return { method: input.method, codeDigest: digestCode(code) };
    case 'totp': {
      const secret = await source.totpSecret();
      return { method: 'totp', matchedStep: secret ? matchTotpStep(secret, code, now) : null };
    }
    case 'recovery':
      return { method: 'recovery', codeDigest: digestRecoveryCode(code) };
    case 'passkey': {
      const checked = await ceremonies.verifyAuthentication(await source.passkeyHolder(), webauthnChallenge, input.credential);
      return { method: 'passkey', passkeyId: checked.passkeyId, verified: checked.verified, newCounter: checked.newCounter };
    }
    default:
      throw new DomainError('second-factor.method-unavailable');
  }
}
