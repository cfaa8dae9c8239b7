import type { AccountEvent } from '../account/account-events.js';
import { accountDecider } from '../account/decide-account.js';
import { activeJean, adminActor, at, invitationIssued, jeanLoutyCreated } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { anonymousActor, meta } from '../testing/metadata.js';
import {
  accountId,
  activeJeanWithMobile,
  codeIssued,
  deletedJean,
  lockedBySecondFactor,
  minutes,
  secondFactorFailed,
  signedInAt,
} from '../testing/second-factor.js';
import { addMs, DAY_MS } from '../shared/instant.js';

const given = scenarioFor(accountDecider);
const issue = (method: unknown = 'email', challengeId = 'challenge-1', codeDigest = 'digest-123456') => ({
  type: 'IssueSecondFactorCode' as const,
  accountId,
  challengeId,
  method,
  codeDigest,
});
const verify = (codeDigest = 'digest-123456', method: 'email' | 'sms' = 'email', challengeId = 'challenge-1', purpose: 'sign-in' | 'step-up' = 'sign-in') => ({
  type: 'VerifySecondFactor' as const,
  accountId,
  challengeId,
  purpose,
  presented: { method, codeDigest },
});
const verified = (verifiedAt: string, method: 'email' | 'sms' = 'email', purpose: 'sign-in' | 'step-up' = 'sign-in', challengeId = 'challenge-1'): AccountEvent => ({
  type: 'account.second-factor-verified',
  data: { accountId, challengeId, method, purpose, verifiedAt },
});

describe('Second factor: IssueSecondFactorCode', () => {
  it('issues an e-mailed code valid 5 minutes, keeping only its digest', () => {
    const state = given(activeJean).when(issue(), meta(minutes(0), anonymousActor)).then([codeIssued()]);
    expect(state?.secondFactor.pendingCode).toEqual({
      challengeId: 'challenge-1',
      method: 'email',
      codeDigest: 'digest-123456',
      issuedAt: minutes(0),
      expiresAt: minutes(5),
    });
  });

  it('texts a code to a mobile phone', () => {
    given(activeJeanWithMobile).when(issue('sms'), meta(minutes(0), anonymousActor)).then([codeIssued('challenge-1', 'sms')]);
  });

  it('refuses SMS without a mobile phone, and any unknown method', () => {
    // Jean's phone is 02 41 05 19 38: a landline.
    given(activeJean).when(issue('sms'), meta(minutes(0), anonymousActor)).thenThrows('second-factor.method-unavailable');
    given(activeJean).when(issue('pigeon'), meta(minutes(0), anonymousActor)).thenThrows('second-factor.method-unavailable');
    given(activeJean).when(issue('totp'), meta(minutes(0), anonymousActor)).thenThrows('second-factor.method-unavailable');
  });

  it('replaces the previous code: the older one no longer works', () => {
    const history = [...activeJean, codeIssued('challenge-1', 'email', minutes(0), 'digest-old')];
    const state = given(history)
      .when(issue('email', 'challenge-2', 'digest-new'), meta(minutes(1), anonymousActor))
      .then([codeIssued('challenge-2', 'email', minutes(1), 'digest-new')]);
    expect(state?.secondFactor.pendingCode?.challengeId).toBe('challenge-2');
    const replaced = [...history, codeIssued('challenge-2', 'email', minutes(1), 'digest-new')];
    given(replaced).when(verify('digest-old', 'email', 'challenge-1'), meta(minutes(2), anonymousActor)).then([secondFactorFailed(1, 'email', minutes(2))]);
    given(replaced).when(verify('digest-old', 'email', 'challenge-2'), meta(minutes(2), anonymousActor)).then([secondFactorFailed(1, 'email', minutes(2), 'challenge-2')]);
  });

  it.each([
    ['never activated', [jeanLoutyCreated(), invitationIssued()], 'sign-in.account-not-activated'],
    ['locked', [...activeJean, lockedBySecondFactor()], 'sign-in.account-locked'],
    ['closed', [...activeJean, deletedJean()], 'sign-in.account-closed'],
    [
      'deactivated',
      [...activeJean, { type: 'account.deactivated', data: { accountId, lastActivityAt: at(1), deactivatedAt: at(600), reason: 'inactivity' } } as AccountEvent],
      'sign-in.account-deactivated',
    ],
  ] as const)('is refused for a %s account, as the sign-in is', (_label, history, code) => {
    given([...history]).when(issue(), meta(at(3), anonymousActor)).thenThrows(code);
  });
});

describe('Second factor: VerifySecondFactor with an e-mailed or texted code', () => {
  const withCode = [...activeJean, codeIssued()];

  it('accepts the right code and signs in, in the same decision', () => {
    const state = given(withCode).when(verify(), meta(minutes(3), anonymousActor)).then([verified(minutes(3)), signedInAt(minutes(3))]);
    expect(state?.secondFactor).toMatchObject({ pendingCode: null, consecutiveFailures: 0, lastVerifiedAt: minutes(3) });
    expect(state?.lastSignInAt).toBe(minutes(3));
  });

  it('accepts a texted code the same way', () => {
    given([...activeJeanWithMobile, codeIssued('challenge-1', 'sms')])
      .when(verify('digest-123456', 'sms'), meta(minutes(1), anonymousActor))
      .then([verified(minutes(1), 'sms'), signedInAt(minutes(1))]);
  });

  it('expires at 5 minutes', () => {
    expect(given(withCode).when(verify(), meta(addMs(minutes(5), -1), anonymousActor)).events()).toHaveLength(2);
    given(withCode).when(verify(), meta(minutes(5), anonymousActor)).then([secondFactorFailed(1, 'email', minutes(5))]);
  });

  it('is single use', () => {
    const used = [...withCode, verified(minutes(1)), signedInAt(minutes(1))];
    given(used).when(verify(), meta(minutes(2), anonymousActor)).then([secondFactorFailed(1, 'email', minutes(2))]);
  });

  it('counts a wrong code, and the pending code stays usable after it', () => {
    given(withCode).when(verify('digest-000000'), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1)]);
    given([...withCode, secondFactorFailed(1)]).when(verify(), meta(minutes(2), anonymousActor)).then([verified(minutes(2)), signedInAt(minutes(2))]);
  });

  it('fails without a pending code, for another challenge, or for the other method', () => {
    given(activeJean).when(verify(), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1)]);
    given(withCode).when(verify('digest-123456', 'email', 'challenge-9'), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'email', minutes(1), 'challenge-9')]);
    given(withCode).when(verify('digest-123456', 'sms'), meta(minutes(1), anonymousActor)).then([secondFactorFailed(1, 'sms')]);
  });

  it('records a step-up without opening a session', () => {
    const state = given(withCode)
      .when(verify('digest-123456', 'email', 'challenge-1', 'step-up'), meta(minutes(1), anonymousActor))
      .then([verified(minutes(1), 'email', 'step-up')]);
    expect(state?.lastSignInAt).toBeNull();
    expect(state?.secondFactor.lastVerifiedAt).toBe(minutes(1));
  });

  it('trusts the workstation for 7 days when asked', () => {
    const command = { ...verify(), trustWorkstation: { workstationId: 'workstation-1', tokenDigest: 'workstation-token-digest-1', label: 'Firefox sur Windows' } };
    const state = given(withCode)
      .when(command, meta(minutes(1), anonymousActor))
      .then([
        verified(minutes(1)),
        {
          type: 'account.workstation-trusted',
          data: {
            accountId,
            workstationId: 'workstation-1',
            tokenDigest: 'workstation-token-digest-1',
            label: 'Firefox sur Windows',
            trustedAt: minutes(1),
            expiresAt: addMs(minutes(1), 7 * DAY_MS),
          },
        },
        signedInAt(minutes(1)),
      ]);
    expect(state?.secondFactor.workstations['workstation-1']).toMatchObject({ label: 'Firefox sur Windows', lastUsedAt: null });
  });

  it('refuses, recording nothing, an account that may not sign in', () => {
    given([...withCode, deletedJean(minutes(1))]).when(verify(), meta(minutes(2), anonymousActor)).thenThrows('sign-in.account-closed');
    given([...withCode, { type: 'account.deactivated', data: { accountId, lastActivityAt: at(1), deactivatedAt: minutes(1), reason: 'inactivity' } }])
      .when(verify(), meta(minutes(2), anonymousActor))
      .thenThrows('sign-in.account-deactivated');
  });

  it('refuses an unknown method or purpose', () => {
    given(withCode)
      .when({ ...verify(), presented: { method: 'pigeon', codeDigest: 'x' } } as never, meta(minutes(1), anonymousActor))
      .thenThrows('second-factor.method-unavailable');
    given(withCode).when({ ...verify(), purpose: 'coffee' } as never, meta(minutes(1), adminActor)).thenThrows('validation.failed');
  });
});
