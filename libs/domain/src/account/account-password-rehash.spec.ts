import { activeJean, adminActor, at, employerId, invitationIssued, jeanLoutyCreated } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { anonymousActor, meta } from '../testing/metadata.js';
import type { AccountEvent } from './account-events.js';
import { accountDecider } from './decide-account.js';

const given = scenarioFor(accountDecider);
const rehash = (passwordHash = 'hash-2') => ({ type: 'RecordPasswordRehash' as const, accountId: 'account-jlo', passwordHash });
const locked: AccountEvent = { type: 'account.locked', data: { accountId: 'account-jlo', lockedAt: at(2), reason: 'too-many-failed-sign-ins' } };

describe('Account: RecordPasswordRehash (argon2 parameters changed since the hash was made)', () => {
  it('replaces the stored hash with the new one', () => {
    const state = given(activeJean)
      .when(rehash(), meta(at(3), anonymousActor))
      .then([{ type: 'account.password-rehashed', data: { accountId: 'account-jlo', passwordHash: 'hash-2', rehashedAt: at(3) } }]);
    expect(state?.passwordHash).toBe('hash-2');
    expect(state?.status).toBe('active');
  });

  it('records nothing when the hash is the one already stored', () => {
    given(activeJean).when(rehash('hash-1'), meta(at(3), anonymousActor)).then([]);
  });

  it('refuses an empty hash', () => {
    given(activeJean).when(rehash(''), meta(at(3), anonymousActor)).thenThrows('validation.failed');
  });

  it.each([
    ['never activated', [jeanLoutyCreated(), invitationIssued()], 'account.not-activated'],
    ['locked', [...activeJean, locked], 'sign-in.account-locked'],
    [
      'closed',
      [...activeJean, { type: 'account.deleted', data: { accountId: 'account-jlo', employerId, profile: 'user', deletedBy: adminActor, deletedAt: at(2) } } as AccountEvent],
      'account.closed',
    ],
    [
      'deactivated',
      [...activeJean, { type: 'account.deactivated', data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivatedAt: at(600), reason: 'inactivity' } } as AccountEvent],
      'account.deactivated',
    ],
  ] as const)('is refused for a %s account', (_label, history, code) => {
    given([...history]).when(rehash(), meta(at(3), anonymousActor)).thenThrows(code);
  });
});
