import { activeJean, adminActor, at, employerId, jeanLoutyCreated } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, drsActor, meta, systemActor, userOf } from '../testing/metadata.js';
import type { AccountEvent } from './account-events.js';
import { accountDecider } from './decide-account.js';
import { accountInactivityDeadlines } from './inactivity-deadlines.js';

const given = scenarioFor(accountDecider);
const renew = { type: 'RenewAccount' as const, accountId: 'account-jlo' };
const renewed = (when: string): AccountEvent => ({ type: 'account.renewed', data: { accountId: 'account-jlo', renewedBy: adminActor, renewedAt: when } });

describe('Account: RenewAccount (PEP’s renewal)', () => {
  it('given an active account, when its employer’s administrator renews it, then it is renewed and its 18 months restart', () => {
    // Day 500 is 2021-07-25T09:00Z: the deactivation moves to 18 months after it.
    const state = given(activeJean).when(renew, meta(at(500), adminActor)).then([renewed(at(500))]);
    expect(state).toMatchObject({ status: 'active', renewedAt: at(500), inactivityWarningFor: null });
    expect(accountInactivityDeadlines(state!)?.deactivationAt).toBe('2023-01-25T09:00:00.000Z');
  });

  it('given an account not yet due, then the renewal is accepted too (a bulk selection never fails half-way)', () => {
    given(activeJean).when(renew, meta(at(2), adminActor)).then([renewed(at(2))]);
  });

  it('given a warned account, then the renewal clears the warning, and a later sign-in still counts', () => {
    const warned: AccountEvent = {
      type: 'account.inactivity-warned',
      data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivationAt: '2021-09-13T09:00:00.000Z', warnedAt: '2021-08-20T00:00:00.000Z' },
    };
    const state = given([...activeJean, warned]).when(renew, meta('2021-08-25T00:00:00.000Z', adminActor)).then([renewed('2021-08-25T00:00:00.000Z')]);
    expect(state?.inactivityWarningFor).toBeNull();
    given([...activeJean, warned, renewed('2021-08-25T00:00:00.000Z')])
      .when({ type: 'DeactivateForInactivity', accountId: 'account-jlo' }, meta('2021-09-14T00:00:00.000Z', systemActor))
      .thenThrows('account.inactivity-deadline-not-reached');
  });

  it('is refused on an account not in use: invited, deactivated or deleted', () => {
    given([jeanLoutyCreated()]).when(renew, meta(at(2), adminActor)).thenThrows('account.not-activated');
    const deactivated: AccountEvent = {
      type: 'account.deactivated',
      data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivatedAt: at(600), reason: 'inactivity' },
    };
    given([...activeJean, deactivated]).when(renew, meta(at(601), adminActor)).thenThrows('account.not-active');
    const deleted: AccountEvent = {
      type: 'account.deleted',
      data: { accountId: 'account-jlo', employerId, profile: 'user', deletedBy: adminActor, deletedAt: at(3) },
    };
    given([...activeJean, deleted]).when(renew, meta(at(4), adminActor)).thenThrows('account.closed');
  });

  it('is refused to a user and to the DRS, and hidden from other employers’ administrators', () => {
    given(activeJean).when(renew, meta(at(2), userOf(employerId))).thenThrows('authorisation.forbidden');
    given(activeJean).when(renew, meta(at(2), drsActor)).thenThrows('authorisation.forbidden');
    given(activeJean).when(renew, meta(at(2), administratorOf('other'))).thenThrows('account.not-found');
  });
});
