import { requireMaySignIn, signedIn } from '../../account/decisions/sign-in.js';
import type { PresentedSecondFactor, VerifySecondFactor } from '../../account/account-commands.js';
import type { AccountEvent, SecondFactorVerified } from '../../account/account-events.js';
import type { Account } from '../../account/account-state.js';
import type { CommandMetadata } from '../../shared/command-metadata.js';
import { DomainError, validationFailed } from '../../shared/domain-error.js';
import { addMs, DAY_MS, isAtOrAfter } from '../../shared/instant.js';
import { constantTimeEqual } from '../constant-time-equal.js';
import { isSecondFactorMethod, MAX_CONSECUTIVE_FAILED_SECOND_FACTORS, WORKSTATION_TRUST_DAYS } from '../second-factor-policy.js';
import { has } from './holder.js';

type Proof = Pick<SecondFactorVerified['data'], 'totpStep' | 'recoveryCodeDigest' | 'passkeyId' | 'passkeyCounter'>;

/**
 * A second factor presented at sign-in or for a sensitive change. A failure is not thrown but RETURNED (the
 * handler appends it, then answers `second-factor.verification-failed`), as RecordFailedSignIn does; the 5th in a
 * row also locks the account. Only the refusals that record nothing are thrown: an account that may not sign in.
 */
export function verifySecondFactor(command: VerifySecondFactor, account: Account, metadata: CommandMetadata): AccountEvent[] {
  requireMaySignIn(account, metadata.now);
  if (command.purpose !== 'sign-in' && command.purpose !== 'step-up') {
    throw validationFailed([{ field: 'purpose', message: 'Le motif de la vérification doit être « sign-in » ou « step-up ».' }]);
  }
  const method = command.presented?.method;
  if (!isSecondFactorMethod(method)) throw new DomainError('second-factor.method-unavailable');
  const proof = proofOf(command, account, metadata.now);
  if (proof === null) return failure(account, command.challengeId, method, metadata.now);

  const events: AccountEvent[] = [
    {
      type: 'account.second-factor-verified',
      data: { accountId: account.accountId, challengeId: command.challengeId, method, purpose: command.purpose, verifiedAt: metadata.now, ...proof },
    },
  ];
  const trust = command.trustWorkstation;
  if (trust) {
    events.push({
      type: 'account.workstation-trusted',
      data: {
        accountId: account.accountId,
        workstationId: trust.workstationId,
        tokenDigest: trust.tokenDigest,
        label: trust.label,
        trustedAt: metadata.now,
        expiresAt: addMs(metadata.now, WORKSTATION_TRUST_DAYS * DAY_MS),
      },
    });
  }
  // One append: the session exists only if the second factor is recorded with it.
  if (command.purpose === 'sign-in') events.push(signedIn(account, metadata.now));
  return events;
}

/** What the handler tests before answering 401. */
export function isSecondFactorFailure(events: readonly { type: string }[]): boolean {
  return events.some((event) => event.type === 'account.second-factor-failed');
}

/** What the verified event records of the proof, or null when the proof does not hold (whatever the reason). */
function proofOf(command: VerifySecondFactor, account: Account, now: string): Proof | null {
  const presented: PresentedSecondFactor = command.presented;
  const { pendingCode, totp, recoveryCodes, passkeys } = account.secondFactor;
  switch (presented.method) {
    case 'email':
    case 'sms': {
      if (!pendingCode || pendingCode.challengeId !== command.challengeId || pendingCode.method !== presented.method) return null;
      if (isAtOrAfter(now, pendingCode.expiresAt)) return null;
      return typeof presented.codeDigest === 'string' && constantTimeEqual(pendingCode.codeDigest, presented.codeDigest) ? {} : null;
    }
    case 'totp': {
      const step = presented.matchedStep;
      // The same code (or an older one) twice is a replay, even within its 30 seconds.
      if (!totp || typeof step !== 'number' || !Number.isSafeInteger(step) || step <= totp.lastUsedStep) return null;
      return { totpStep: step };
    }
    case 'recovery': {
      if (!totp || typeof presented.codeDigest !== 'string') return null;
      let matched: string | null = null;
      for (const [digest, code] of Object.entries(recoveryCodes)) {
        if (constantTimeEqual(digest, presented.codeDigest) && code.usedAt === null) matched = digest;
      }
      return matched === null ? null : { recoveryCodeDigest: matched };
    }
    case 'passkey': {
      const { passkeyId, verified, newCounter } = presented;
      if (!has(passkeys, passkeyId) || verified !== true || !Number.isSafeInteger(newCounter) || newCounter < 0) return null;
      const stored = passkeys[passkeyId].counter;
      // WebAuthn: a counter that does not grow means a cloned authenticator, unless the authenticator keeps none (0).
      if ((newCounter !== 0 || stored !== 0) && newCounter <= stored) return null;
      return { passkeyId, passkeyCounter: newCounter };
    }
    default:
      return null;
  }
}

function failure(account: Account, challengeId: string, method: SecondFactorVerified['data']['method'], now: string): AccountEvent[] {
  const consecutiveFailures = account.secondFactor.consecutiveFailures + 1;
  const events: AccountEvent[] = [
    { type: 'account.second-factor-failed', data: { accountId: account.accountId, challengeId, method, failedAt: now, consecutiveFailures } },
  ];
  // The account is active here (requireMaySignIn): the threshold locks it once.
  if (consecutiveFailures >= MAX_CONSECUTIVE_FAILED_SECOND_FACTORS) {
    events.push({ type: 'account.locked', data: { accountId: account.accountId, lockedAt: now, reason: 'too-many-failed-second-factors' } });
  }
  return events;
}
