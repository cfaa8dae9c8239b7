import { activeJean, adminActor, at, employerId, invitationIssued, jeanLoutyCreated, jeanPromoted } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, anonymousActor, meta, userOf } from '../testing/metadata.js';
import type { AccountEvent } from './account-events.js';
import { accountDecider } from './decide-account.js';

const given = scenarioFor(accountDecider);
const signIn = { type: 'RecordSignIn' as const, accountId: 'account-jlo' };
const fail = { type: 'RecordFailedSignIn' as const, accountId: 'account-jlo' };
const failed = (n: number, when = at(2)): AccountEvent => ({
  type: 'account.sign-in-failed',
  data: { accountId: 'account-jlo', failedAt: when, consecutiveFailures: n },
});
const locked: AccountEvent = { type: 'account.locked', data: { accountId: 'account-jlo', lockedAt: at(2), reason: 'too-many-failed-sign-ins' } };

describe('Account: RecordSignIn', () => {
  it('records a sign-in with the profile the session gets', () => {
    const state = given(activeJean)
      .when(signIn, meta(at(2), anonymousActor))
      .then([{ type: 'account.signed-in', data: { accountId: 'account-jlo', signedInAt: at(2), profile: 'user', promotionTookEffect: false } }]);
    expect(state?.lastSignInAt).toBe(at(2));
  });

  it('records that a promotion takes effect at the next sign-in', () => {
    const promoted = jeanPromoted(at(3), { phone: null });
    const state = given([...activeJean, promoted])
      .when(signIn, meta(at(4), anonymousActor))
      .then([{ type: 'account.signed-in', data: { accountId: 'account-jlo', signedInAt: at(4), profile: 'administrator', promotionTookEffect: true } }]);
    expect(state?.promotionPending).toBe(false);
  });

  it('resets the failure counter', () => {
    const state = given([...activeJean, failed(1), failed(2)]).when(signIn, meta(at(2), anonymousActor)).events();
    expect(state).toHaveLength(1);
    const after = given([...activeJean, failed(1), failed(2), ...state]).when(fail, meta(at(3), anonymousActor)).events();
    expect(after).toEqual([failed(1, at(3))]);
  });

  it.each([
    ['never activated', [jeanLoutyCreated(), invitationIssued()], 'sign-in.account-not-activated'],
    ['locked', [...activeJean, locked], 'sign-in.account-locked'],
    [
      'closed',
      [...activeJean, { type: 'account.deleted', data: { accountId: 'account-jlo', employerId, profile: 'user', deletedBy: adminActor, deletedAt: at(2) } } as AccountEvent],
      'sign-in.account-closed',
    ],
    [
      'deactivated',
      [...activeJean, { type: 'account.deactivated', data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivatedAt: at(600), reason: 'inactivity' } } as AccountEvent],
      'sign-in.account-deactivated',
    ],
  ] as const)('refuses a %s account', (_label, history, code) => {
    given([...history]).when(signIn, meta(at(3), anonymousActor)).thenThrows(code);
  });

  it('refuses once 18 months have passed, even before the deactivation is processed', () => {
    // Activated 2020-03-13T09:00Z: deactivation due 2021-09-13T09:00Z.
    given(activeJean).when(signIn, meta('2021-09-13T09:00:00.000Z', anonymousActor)).thenThrows('sign-in.account-deactivated');
    expect(given(activeJean).when(signIn, meta('2021-09-13T08:59:59.999Z', anonymousActor)).events()).toHaveLength(1);
  });
});

describe('Account: RecordFailedSignIn (5 consecutive failures lock)', () => {
  it('counts failures', () => {
    given([...activeJean, failed(1)]).when(fail, meta(at(2), anonymousActor)).then([failed(2)]);
  });

  it('locks at the fifth consecutive failure', () => {
    const state = given([...activeJean, failed(1), failed(2), failed(3), failed(4)]).when(fail, meta(at(2), anonymousActor)).then([failed(5), locked]);
    expect(state?.status).toBe('locked');
  });

  it('does not lock at the fourth', () => {
    given([...activeJean, failed(1), failed(2), failed(3)]).when(fail, meta(at(2), anonymousActor)).then([failed(4)]);
  });

  it('keeps counting on a locked account without locking again', () => {
    given([...activeJean, failed(1), failed(2), failed(3), failed(4), failed(5), locked]).when(fail, meta(at(2), anonymousActor)).then([failed(6)]);
  });

  it('is refused on a closed account', () => {
    const deleted: AccountEvent = { type: 'account.deleted', data: { accountId: 'account-jlo', employerId, profile: 'user', deletedBy: adminActor, deletedAt: at(2) } };
    given([...activeJean, deleted]).when(fail, meta(at(3), anonymousActor)).thenThrows('account.closed');
  });
});

describe('Account: UnlockAccount', () => {
  const unlock = { type: 'UnlockAccount' as const, accountId: 'account-jlo' };
  const lockedHistory = [...activeJean, failed(1), failed(2), failed(3), failed(4), failed(5), locked];

  it('unlocks and resets the counter', () => {
    const state = given(lockedHistory)
      .when(unlock, meta(at(3), adminActor))
      .then([{ type: 'account.unlocked', data: { accountId: 'account-jlo', unlockedBy: adminActor, unlockedAt: at(3) } }]);
    expect(state).toMatchObject({ status: 'active', consecutiveFailedSignIns: 0 });
  });

  it('is refused on an account that is not locked', () => {
    given(activeJean).when(unlock, meta(at(3), adminActor)).thenThrows('account.not-locked');
  });

  it('is refused to a user and hidden from other employers', () => {
    given(lockedHistory).when(unlock, meta(at(3), userOf(employerId))).thenThrows('authorisation.forbidden');
    given(lockedHistory).when(unlock, meta(at(3), administratorOf('other'))).thenThrows('account.not-found');
  });
});
