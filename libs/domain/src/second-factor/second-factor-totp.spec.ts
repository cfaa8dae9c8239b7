import type { AccountEvent } from '../account/account-events.js';
import { accountDecider } from '../account/decide-account.js';
import { activeJean, adminActor, at, employerId } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, anonymousActor, meta } from '../testing/metadata.js';
import {
  accountId,
  deletedJean,
  enrolmentStep,
  jeanActor,
  jeanWithTotp,
  lockedBySecondFactor,
  minutes,
  recoveryDigests,
  secondFactorFailed,
  signedInAt,
  totpEnrolled,
  totpEnrolmentStarted,
  totpSecret,
} from '../testing/second-factor.js';
import { fold } from '../shared/decider.js';
import { availableMethods } from './available-methods.js';

const given = scenarioFor(accountDecider);
const start = { type: 'StartTotpEnrolment' as const, accountId, secret: totpSecret };
const confirm = (matchedStep: number | null = enrolmentStep, digests = recoveryDigests) => ({
  type: 'ConfirmTotpEnrolment' as const,
  accountId,
  matchedStep,
  recoveryCodeDigests: digests,
});
const verifyTotp = (matchedStep: number | null) => ({
  type: 'VerifySecondFactor' as const,
  accountId,
  challengeId: 'challenge-1',
  purpose: 'sign-in' as const,
  presented: { method: 'totp' as const, matchedStep },
});
const verifyRecovery = (codeDigest: string) => ({
  type: 'VerifySecondFactor' as const,
  accountId,
  challengeId: 'challenge-1',
  purpose: 'sign-in' as const,
  presented: { method: 'recovery' as const, codeDigest },
});
const verified = (extra: { totpStep?: number; recoveryCodeDigest?: string }, method: 'totp' | 'recovery', verifiedAt = minutes(1)): AccountEvent => ({
  type: 'account.second-factor-verified',
  data: { accountId, challengeId: 'challenge-1', method, purpose: 'sign-in', verifiedAt, ...extra },
});

describe('Second factor: StartTotpEnrolment', () => {
  it('keeps the secret pending until a first code confirms it', () => {
    const state = given(activeJean).when(start, meta(at(1), jeanActor)).then([totpEnrolmentStarted()]);
    expect(state?.secondFactor).toMatchObject({ pendingTotp: { secret: totpSecret, startedAt: at(1) }, totp: null });
  });

  it('is refused once an application is enrolled', () => {
    given(jeanWithTotp).when(start, meta(at(2), jeanActor)).thenThrows('second-factor.totp-already-enrolled');
  });

  it('is the holder’s only', () => {
    given(activeJean).when(start, meta(at(1), adminActor)).thenThrows('authorisation.forbidden');
    given(activeJean).when(start, meta(at(1), anonymousActor)).thenThrows('authorisation.forbidden');
    given(activeJean).when(start, meta(at(1), administratorOf('other'))).thenThrows('account.not-found');
  });

  it('is refused on a locked or closed account', () => {
    given([...activeJean, lockedBySecondFactor()]).when(start, meta(at(3), jeanActor)).thenThrows('account.not-active');
    given([...activeJean, deletedJean()]).when(start, meta(at(4), jeanActor)).thenThrows('account.closed');
  });
});

describe('Second factor: ConfirmTotpEnrolment', () => {
  const pending = [...activeJean, totpEnrolmentStarted()];

  it('enrols the pending secret with 10 recovery codes, the confirming step already used', () => {
    const state = given(pending).when(confirm(), meta(at(1), jeanActor)).then([totpEnrolled()]);
    expect(state?.secondFactor.totp).toEqual({ secret: totpSecret, enrolledAt: at(1), lastUsedStep: enrolmentStep });
    expect(state?.secondFactor.pendingTotp).toBeNull();
    expect(Object.keys(state?.secondFactor.recoveryCodes ?? {})).toEqual(recoveryDigests);
  });

  it('refuses a code that did not match, with a French message', () => {
    given(pending)
      .when(confirm(null), meta(at(1), jeanActor))
      .thenThrows('second-factor.invalid-code', [{ field: 'code', message: "Le code saisi n'est pas valide." }]);
  });

  it('needs a pending enrolment', () => {
    given(activeJean).when(confirm(), meta(at(1), jeanActor)).thenThrows('second-factor.no-pending-enrolment');
  });

  it('needs exactly 10 distinct recovery codes', () => {
    given(pending).when(confirm(enrolmentStep, recoveryDigests.slice(1)), meta(at(1), jeanActor)).thenThrows('validation.failed');
    given(pending)
      .when(confirm(enrolmentStep, [...recoveryDigests.slice(1), recoveryDigests[1]]), meta(at(1), jeanActor))
      .thenThrows('validation.failed');
  });

  it('is the holder’s only', () => {
    given(pending).when(confirm(), meta(at(1), adminActor)).thenThrows('authorisation.forbidden');
  });
});

describe('Second factor: VerifySecondFactor with the authenticator application', () => {
  it('accepts a later step and refuses it from then on', () => {
    const state = given(jeanWithTotp)
      .when(verifyTotp(enrolmentStep + 1000), meta(minutes(1), anonymousActor))
      .then([verified({ totpStep: enrolmentStep + 1000 }, 'totp'), signedInAt(minutes(1))]);
    expect(state?.secondFactor.totp?.lastUsedStep).toBe(enrolmentStep + 1000);
  });

  it('refuses the same step again (replay) and an older one', () => {
    const used = [...jeanWithTotp, verified({ totpStep: enrolmentStep + 1000 }, 'totp'), signedInAt(minutes(1))];
    given(used).when(verifyTotp(enrolmentStep + 1000), meta(minutes(2), anonymousActor)).then([secondFactorFailed(1, 'totp', minutes(2))]);
    given(used).when(verifyTotp(enrolmentStep + 999), meta(minutes(2), anonymousActor)).then([secondFactorFailed(1, 'totp', minutes(2))]);
    // The confirming code itself cannot sign in.
    given(jeanWithTotp).when(verifyTotp(enrolmentStep), meta(minutes(2), anonymousActor)).then([secondFactorFailed(1, 'totp', minutes(2))]);
  });

  it('counts a code that matched no step', () => {
    given(jeanWithTotp).when(verifyTotp(null), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'totp')]);
  });

  it('fails without an enrolled application', () => {
    given(activeJean).when(verifyTotp(enrolmentStep + 1), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'totp')]);
  });
});

describe('Second factor: recovery codes', () => {
  it('accept an unused code once', () => {
    const state = given(jeanWithTotp)
      .when(verifyRecovery('recovery-digest-3'), meta(minutes(1), anonymousActor))
      .then([verified({ recoveryCodeDigest: 'recovery-digest-3' }, 'recovery'), signedInAt(minutes(1))]);
    expect(state?.secondFactor.recoveryCodes['recovery-digest-3']).toEqual({ usedAt: minutes(1) });
    const used = [...jeanWithTotp, verified({ recoveryCodeDigest: 'recovery-digest-3' }, 'recovery'), signedInAt(minutes(1))];
    given(used).when(verifyRecovery('recovery-digest-3'), meta(minutes(2), anonymousActor)).then([secondFactorFailed(1, 'recovery', minutes(2))]);
  });

  it('refuse an unknown code, or one that only looks like a known key', () => {
    given(jeanWithTotp).when(verifyRecovery('recovery-digest-99'), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'recovery')]);
    given(jeanWithTotp).when(verifyRecovery('constructor'), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'recovery')]);
  });

  it('are offered only while one is left', () => {
    expect(availableMethods(fold(accountDecider, jeanWithTotp)!)).toEqual(['email', 'totp', 'recovery']);
    const allUsed = [...jeanWithTotp, ...recoveryDigests.map((digest) => verified({ recoveryCodeDigest: digest }, 'recovery'))];
    expect(availableMethods(fold(accountDecider, allUsed)!)).toEqual(['email', 'totp']);
  });
});

describe('Second factor: RemoveTotp', () => {
  const remove = { type: 'RemoveTotp' as const, accountId };

  it('removes the application and its recovery codes', () => {
    const state = given(jeanWithTotp)
      .when(remove, meta(at(2), jeanActor))
      .then([{ type: 'account.totp-removed', data: { accountId, removedAt: at(2), removedBy: jeanActor } }]);
    expect(state?.secondFactor).toMatchObject({ totp: null, recoveryCodes: {} });
    expect(availableMethods(state!)).toEqual(['email']);
  });

  it('is refused without an application', () => {
    given(activeJean).when(remove, meta(at(2), jeanActor)).thenThrows('second-factor.totp-not-enrolled');
  });

  it('is the holder’s only', () => {
    given(jeanWithTotp).when(remove, meta(at(2), adminActor)).thenThrows('authorisation.forbidden');
    given(jeanWithTotp).when(remove, meta(at(2), administratorOf(employerId, 'someone-else'))).thenThrows('authorisation.forbidden');
  });
});
