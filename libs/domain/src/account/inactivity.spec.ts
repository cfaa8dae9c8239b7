import { activeJean, adminActor, at } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { meta, systemActor } from '../testing/metadata.js';
import type { AccountEvent } from './account-events.js';
import { accountDecider } from './decide-account.js';
import { expiryNoticeCutoff, inactivityDeadlines } from './inactivity-deadlines.js';

const given = scenarioFor(accountDecider);

describe('inactivityDeadlines', () => {
  it.each([
    ['2020-03-13T09:00:00.000Z', '2021-09-13T09:00:00.000Z', '2021-08-20T00:00:00.000Z'],
    // January → July of the next year; warning in June.
    ['2023-01-15T00:00:00.000Z', '2024-07-15T00:00:00.000Z', '2024-06-20T00:00:00.000Z'],
    // August 31st + 18 months: February has no 31st (leap year 2024 → 29th).
    ['2022-08-31T12:30:00.000Z', '2024-02-29T12:30:00.000Z', '2024-01-20T00:00:00.000Z'],
    ['2023-08-31T12:30:00.000Z', '2025-02-28T12:30:00.000Z', '2025-01-20T00:00:00.000Z'],
    // Deactivation in January: the warning is in December of the year before.
    ['2022-07-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', '2023-12-20T00:00:00.000Z'],
    // Last instant of a year.
    ['2022-12-31T23:59:59.999Z', '2024-06-30T23:59:59.999Z', '2024-05-20T00:00:00.000Z'],
    // A deactivation before the 20th still gets a warning in the previous month.
    ['2022-09-05T08:00:00.000Z', '2024-03-05T08:00:00.000Z', '2024-02-20T00:00:00.000Z'],
  ])('last activity %s → deactivation %s, warning %s', (last, deactivationAt, warningAt) => {
    expect(inactivityDeadlines(last)).toEqual({ warningAt, deactivationAt });
  });

  it('accepts offsets and answers in UTC', () => {
    expect(inactivityDeadlines('2020-03-13T10:00:00+01:00').deactivationAt).toBe('2021-09-13T09:00:00.000Z');
  });

  it('rejects a malformed instant', () => {
    expect(() => inactivityDeadlines('13/03/2020')).toThrow(TypeError);
  });
});

describe('Account: inactivity (18 months)', () => {
  // Jean's password was created at 2020-03-13T09:00Z and he never signed in since.
  const warningAt = '2021-08-20T00:00:00.000Z';
  const deactivationAt = '2021-09-13T09:00:00.000Z';
  const warned: AccountEvent = {
    type: 'account.inactivity-warned',
    data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivationAt, warnedAt: warningAt },
  };
  const warn = { type: 'RecordInactivityWarning' as const, accountId: 'account-jlo' };
  const deactivate = { type: 'DeactivateForInactivity' as const, accountId: 'account-jlo' };

  it('warns on the 20th of the month before the deactivation month', () => {
    given(activeJean).when(warn, meta(warningAt, systemActor)).then([warned]);
  });

  it('refuses to warn too early, or twice for the same deadline', () => {
    given(activeJean).when(warn, meta('2021-08-19T23:59:59.999Z', systemActor)).thenThrows('account.inactivity-warning-too-early');
    given([...activeJean, warned]).when(warn, meta('2021-08-21T00:00:00.000Z', systemActor)).thenThrows('account.inactivity-warning-already-sent');
  });

  it('moves the deadline when the holder signs in', () => {
    const signedIn: AccountEvent = {
      type: 'account.signed-in',
      data: { accountId: 'account-jlo', signedInAt: '2021-08-25T10:00:00.000Z', profile: 'user', promotionTookEffect: false },
    };
    given([...activeJean, warned, signedIn]).when(deactivate, meta(deactivationAt, systemActor)).thenThrows('account.inactivity-deadline-not-reached');
    given([...activeJean, warned, signedIn]).when(warn, meta('2023-01-20T00:00:00.000Z', systemActor)).then([
      {
        type: 'account.inactivity-warned',
        data: { accountId: 'account-jlo', lastActivityAt: '2021-08-25T10:00:00.000Z', deactivationAt: '2023-02-25T10:00:00.000Z', warnedAt: '2023-01-20T00:00:00.000Z' },
      },
    ]);
  });

  it('deactivates at the deadline, with or without a warning', () => {
    const event: AccountEvent = {
      type: 'account.deactivated',
      data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivatedAt: deactivationAt, reason: 'inactivity' },
    };
    const state = given([...activeJean, warned]).when(deactivate, meta(deactivationAt, systemActor)).then([event]);
    expect(state?.status).toBe('deactivated');
    given(activeJean).when(deactivate, meta(deactivationAt, systemActor)).then([event]);
  });

  it('refuses to deactivate before the deadline', () => {
    given(activeJean).when(deactivate, meta('2021-09-13T08:59:59.999Z', systemActor)).thenThrows('account.inactivity-deadline-not-reached');
  });

  it('concerns only active or locked accounts', () => {
    const invitedOnly = activeJean.slice(0, 2);
    given(invitedOnly).when(deactivate, meta('2030-01-01T00:00:00.000Z', systemActor)).thenThrows('account.not-active');
    given(invitedOnly).when(warn, meta('2030-01-01T00:00:00.000Z', systemActor)).thenThrows('account.not-active');
    const deactivated: AccountEvent = { type: 'account.deactivated', data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivatedAt: deactivationAt, reason: 'inactivity' } };
    given([...activeJean, deactivated]).when(deactivate, meta('2030-01-01T00:00:00.000Z', systemActor)).thenThrows('account.not-active');
  });

  it('is the system’s deadline only', () => {
    given(activeJean).when(deactivate, meta(deactivationAt, adminActor)).thenThrows('authorisation.forbidden');
    given(activeJean).when(warn, meta(warningAt, adminActor)).thenThrows('authorisation.forbidden');
  });
});

describe('expiryNoticeCutoff: « Comptes arrivant à expiration »', () => {
  it('given 2 December 2026, then accounts last active before July 2025 are arriving at expiry (their warning was on 20 November)', () => {
    expect(expiryNoticeCutoff('2026-12-02T12:00:00.000Z')).toBe('2025-07-01T00:00:00.000Z');
  });

  it('given 25 December 2026, past the 20th, then those last active in July 2025 join them (deactivated in January, warned on 20 December)', () => {
    expect(expiryNoticeCutoff('2026-12-25T08:00:00.000Z')).toBe('2025-08-01T00:00:00.000Z');
  });

  it('agrees with the warning date of inactivityDeadlines for every day of two years, around the cutoff', () => {
    for (let day = 0; day < 730; day += 1) {
      const now = new Date(Date.UTC(2026, 0, 1 + day, 9)).toISOString();
      const cutoff = Date.parse(expiryNoticeCutoff(now));
      for (const lastActivity of [cutoff - 1, cutoff, cutoff - 86_400_000 * 20, cutoff + 86_400_000 * 20]) {
        const warned = Date.parse(inactivityDeadlines(new Date(lastActivity).toISOString()).warningAt) <= Date.parse(now);
        expect({ now, lastActivity: new Date(lastActivity).toISOString(), warned }).toEqual({ now, lastActivity: new Date(lastActivity).toISOString(), warned: lastActivity < cutoff });
      }
    }
  });
});
