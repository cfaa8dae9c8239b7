import type { AccountEvent } from '../account/account-events.js';
import { accountDecider } from '../account/decide-account.js';
import { activeJean, adminActor } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { anonymousActor, meta } from '../testing/metadata.js';
import { accountId, codeIssued, lockedBySecondFactor, minutes, secondFactorFailed, signedInAt } from '../testing/second-factor.js';
import { isSecondFactorFailure } from './decisions/verify.js';
import { MAX_CONSECUTIVE_FAILED_SECOND_FACTORS } from './second-factor-policy.js';

const given = scenarioFor(accountDecider);
const verify = (codeDigest = 'digest-123456') => ({
  type: 'VerifySecondFactor' as const,
  accountId,
  challengeId: 'challenge-1',
  purpose: 'sign-in' as const,
  presented: { method: 'email' as const, codeDigest },
});
const wrong = verify('digest-000000');
const withCode = [...activeJean, codeIssued()];
const fourFailures = [1, 2, 3, 4].map((n) => secondFactorFailed(n));
const lockedHistory = [...withCode, ...fourFailures, secondFactorFailed(5), lockedBySecondFactor()];

describe('Second factor: 5 consecutive failures lock the account', () => {
  it('uses the same threshold as the password', () => {
    expect(MAX_CONSECUTIVE_FAILED_SECOND_FACTORS).toBe(5);
  });

  it('does not lock at the fourth', () => {
    given([...withCode, ...fourFailures.slice(0, 3)]).when(wrong, meta(minutes(1), anonymousActor)).then([secondFactorFailed(4)]);
  });

  it('locks at the fifth, for its own reason, in the same decision', () => {
    const state = given([...withCode, ...fourFailures]).when(wrong, meta(minutes(1), anonymousActor)).then([secondFactorFailed(5), lockedBySecondFactor()]);
    expect(state?.status).toBe('locked');
    expect(state?.secondFactor.pendingCode).toBeNull();
  });

  it('leaves the password failure counter alone', () => {
    const state = given([...withCode, ...fourFailures]).when(wrong, meta(minutes(1), anonymousActor)).then([secondFactorFailed(5), lockedBySecondFactor()]);
    expect(state?.consecutiveFailedSignIns).toBe(0);
  });

  it('refuses a locked account even the right code, recording nothing', () => {
    given(lockedHistory).when(verify(), meta(minutes(2), anonymousActor)).thenThrows('sign-in.account-locked');
  });

  it('starts counting again after a success', () => {
    const success: AccountEvent = {
      type: 'account.second-factor-verified',
      data: { accountId, challengeId: 'challenge-1', method: 'email', purpose: 'sign-in', verifiedAt: minutes(1) },
    };
    const history = [...withCode, ...fourFailures, success, signedInAt(minutes(1)), codeIssued('challenge-1', 'email', minutes(2))];
    given(history).when(wrong, meta(minutes(3), anonymousActor)).then([secondFactorFailed(1, 'email', minutes(3))]);
  });

  it('starts counting again after an unlock, and the lock killed the pending code', () => {
    const unlocked: AccountEvent = { type: 'account.unlocked', data: { accountId, unlockedBy: adminActor, unlockedAt: minutes(2) } };
    given([...lockedHistory, unlocked]).when(verify(), meta(minutes(3), anonymousActor)).then([secondFactorFailed(1, 'email', minutes(3))]);
  });

  it('starts counting again after a password reset (which unlocks)', () => {
    const reset: AccountEvent = {
      type: 'account.password-reset',
      data: { accountId, tokenHash: 'reset-1', passwordHash: 'hash-2', resetAt: minutes(2), unlocked: true },
    };
    const history = [...lockedHistory, reset, codeIssued('challenge-1', 'email', minutes(3))];
    given(history).when(wrong, meta(minutes(4), anonymousActor)).then([secondFactorFailed(1, 'email', minutes(4))]);
  });

  it('tells the handler a failure from a success', () => {
    expect(isSecondFactorFailure(given([...withCode, ...fourFailures]).when(wrong, meta(minutes(1), anonymousActor)).events())).toBe(true);
    expect(isSecondFactorFailure(given(withCode).when(verify(), meta(minutes(1), anonymousActor)).events())).toBe(false);
  });
});
