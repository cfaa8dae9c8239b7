import type { AccountEvent } from '../account/account-events.js';
import { accountDecider } from '../account/decide-account.js';
import { fold } from '../shared/decider.js';
import { addMs, DAY_MS } from '../shared/instant.js';
import { activeJean, adminActor, at, employerId, guideAddress, jeanLoutyCreated, passwordCreated } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { drsActor, meta } from '../testing/metadata.js';
import { accountId, deletedJean, jeanActor, lockedBySecondFactor, minutes, workstationTrusted } from '../testing/second-factor.js';
import { WORKSTATION_TRUST_DAYS } from './second-factor-policy.js';
import { trustedWorkstation } from './trusted-workstation.js';

const given = scenarioFor(accountDecider);
const trusted = [...activeJean, workstationTrusted()];
const digest = 'workstation-token-digest-1';
const accountAfter = (events: AccountEvent[]) => fold(accountDecider, events)!;

describe('Second factor: trusted workstations', () => {
  it('are trusted for 7 days', () => {
    expect(WORKSTATION_TRUST_DAYS).toBe(7);
    const account = accountAfter(trusted);
    expect(trustedWorkstation(account, digest, addMs(minutes(1), 7 * DAY_MS - 1))).toMatchObject({ workstationId: 'workstation-1', label: 'Firefox sur Windows' });
    expect(trustedWorkstation(account, digest, addMs(minutes(1), 7 * DAY_MS))).toBeUndefined();
    expect(trustedWorkstation(account, 'another-digest', minutes(2))).toBeUndefined();
  });

  it.each<[string, AccountEvent]>([
    ['a password creation', passwordCreated(at(3), 'token-2')],
    ['a password reset', { type: 'account.password-reset', data: { accountId, tokenHash: 'reset-1', passwordHash: 'hash-2', resetAt: at(3), unlocked: false } }],
    ['a lock', lockedBySecondFactor(at(3))],
    ['a password lock', { type: 'account.locked', data: { accountId, lockedAt: at(3), reason: 'too-many-failed-sign-ins' } }],
    ['a deletion', deletedJean(at(3))],
    ['a deactivation', { type: 'account.deactivated', data: { accountId, lastActivityAt: at(1), deactivatedAt: at(3), reason: 'inactivity' } }],
    ['a second factor reset', { type: 'account.second-factor-reset', data: { accountId, resetBy: adminActor, resetAt: at(3) } }],
  ])('are all dropped by %s', (_label, event) => {
    expect(accountAfter([...trusted, event]).secondFactor.workstations).toEqual({});
  });

  it('are dropped when an administrator registration is cancelled and the account closed', () => {
    const cancelled: AccountEvent = {
      type: 'account.administrator-registration-cancelled',
      data: { accountId, employerId, reason: 'Opposition', outcome: 'closed', cancelledBy: drsActor, cancelledAt: at(3) },
    };
    const created = jeanLoutyCreated({ profile: 'administrator', professionalAddress: guideAddress });
    expect(accountAfter([created, ...activeJean.slice(1), workstationTrusted(), cancelled]).secondFactor.workstations).toEqual({});
  });

  it('stay through a password rehash', () => {
    const rehashed: AccountEvent = { type: 'account.password-rehashed', data: { accountId, passwordHash: 'hash-1b', rehashedAt: at(3) } };
    expect(Object.keys(accountAfter([...trusted, rehashed]).secondFactor.workstations)).toEqual(['workstation-1']);
  });
});

describe('Second factor: RevokeWorkstation', () => {
  const revoke = (workstationId = 'workstation-1') => ({ type: 'RevokeWorkstation' as const, accountId, workstationId });

  it('stops trusting the workstation', () => {
    const state = given(trusted)
      .when(revoke(), meta(at(3), jeanActor))
      .then([{ type: 'account.workstation-revoked', data: { accountId, workstationId: 'workstation-1', revokedAt: at(3), revokedBy: jeanActor } }]);
    expect(trustedWorkstation(state!, digest, at(3))).toBeUndefined();
  });

  it('refuses an unknown workstation', () => {
    given(trusted).when(revoke('workstation-9'), meta(at(3), jeanActor)).thenThrows('second-factor.workstation-unknown');
  });

  it('is the holder’s only', () => {
    given(trusted).when(revoke(), meta(at(3), adminActor)).thenThrows('authorisation.forbidden');
  });
});
