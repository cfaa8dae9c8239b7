import { activeJean, adminActor, at, employerId, invitationIssued, jeanLoutyCreated, passwordCreated } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, anonymousActor, meta, systemActor, userOf } from '../testing/metadata.js';
import { addMs, HOUR_MS } from '../shared/instant.js';
import type { AccountEvent } from './account-events.js';
import { accountDecider } from './decide-account.js';

const given = scenarioFor(accountDecider);
const invited = [jeanLoutyCreated(), invitationIssued()];
const deleted: AccountEvent = {
  type: 'account.deleted',
  data: { accountId: 'account-jlo', employerId, profile: 'user', deletedBy: adminActor, deletedAt: at(2) },
};
const create = (tokenHash = 'token-1') => ({ type: 'CreatePassword' as const, accountId: 'account-jlo', tokenHash, passwordHash: 'hash-1' });

describe('Account: IssuePasswordInvitation', () => {
  it('issues a new link for 15 days that supersedes the previous one', () => {
    const state = given(invited)
      .when({ type: 'IssuePasswordInvitation', accountId: 'account-jlo', tokenHash: 'token-2' }, meta(at(5), adminActor))
      .then([invitationIssued('token-2', at(5), 'token-1')]);
    expect(state?.invitations['token-1'].status).toBe('superseded');
    expect(state?.invitations['token-2']).toEqual({ issuedAt: at(5), expiresAt: at(20), status: 'pending' });
  });

  it('is refused for a closed account', () => {
    given([...invited, deleted])
      .when({ type: 'IssuePasswordInvitation', accountId: 'account-jlo', tokenHash: 'token-2' }, meta(at(5), adminActor))
      .thenThrows('account.closed');
  });

  it('refuses a token hash already used on the account', () => {
    given(invited)
      .when({ type: 'IssuePasswordInvitation', accountId: 'account-jlo', tokenHash: 'token-1' }, meta(at(5), adminActor))
      .thenThrows('validation.failed');
  });

  it('is refused to a user and hidden from other employers', () => {
    const issue = { type: 'IssuePasswordInvitation' as const, accountId: 'account-jlo', tokenHash: 'token-2' };
    given(invited).when(issue, meta(at(5), userOf(employerId))).thenThrows('authorisation.forbidden');
    given(invited).when(issue, meta(at(5), administratorOf('other'))).thenThrows('account.not-found');
  });
});

describe('Account: CreatePassword', () => {
  it('creates the password and activates the account', () => {
    const state = given(invited).when(create(), meta(at(1), anonymousActor)).then([passwordCreated(at(1))]);
    expect(state).toMatchObject({ status: 'active', activatedAt: at(1), passwordHash: 'hash-1' });
    expect(state?.invitations['token-1'].status).toBe('used');
  });

  it('accepts a link one millisecond before its 15 days end', () => {
    expect(given(invited).when(create(), meta(addMs(at(15), -1), anonymousActor)).events()).toHaveLength(1);
  });

  it('refuses a link at 15 days exactly (410 expired)', () => {
    given(invited).when(create(), meta(at(15), anonymousActor)).thenThrows('invitation.expired');
  });

  it('refuses a link recorded as expired', () => {
    given([...invited, { type: 'account.invitation-expired', data: { accountId: 'account-jlo', tokenHash: 'token-1', expiredAt: at(15) } }])
      .when(create(), meta(at(15), anonymousActor))
      .thenThrows('invitation.expired');
  });

  it('refuses a link already used', () => {
    given(activeJean).when(create(), meta(at(2), anonymousActor)).thenThrows('invitation.used');
  });

  it('refuses a link superseded by a newer one', () => {
    given([...invited, invitationIssued('token-2', at(1), 'token-1')])
      .when(create(), meta(at(2), anonymousActor))
      .thenThrows('invitation.used');
  });

  it('refuses an unknown token with its own code', () => {
    given(invited).when(create('forged'), meta(at(1), anonymousActor)).thenThrows('invitation.unknown');
  });

  it('refuses on a closed account', () => {
    given([...invited, deleted]).when(create(), meta(at(3), anonymousActor)).thenThrows('account.closed');
  });

  it('requires a password hash', () => {
    given(invited).when({ ...create(), passwordHash: '' }, meta(at(1), anonymousActor)).thenThrows('validation.failed');
  });

  it('lets a fresh link bring back a deactivated account', () => {
    const history: AccountEvent[] = [
      ...activeJean,
      { type: 'account.deactivated', data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivatedAt: at(600), reason: 'inactivity' } },
      invitationIssued('token-2', at(601)),
    ];
    const state = given(history).when(create('token-2'), meta(at(602), anonymousActor)).then([passwordCreated(at(602), 'token-2')]);
    expect(state).toMatchObject({ status: 'active', activatedAt: at(602) });
  });
});

describe('Account: ExpireInvitation (deadline)', () => {
  const expire = { type: 'ExpireInvitation' as const, accountId: 'account-jlo', tokenHash: 'token-1' };

  it('records the expiry at the deadline', () => {
    const state = given(invited)
      .when(expire, meta(at(15), systemActor))
      .then([{ type: 'account.invitation-expired', data: { accountId: 'account-jlo', tokenHash: 'token-1', expiredAt: at(15) } }]);
    expect(state?.invitations['token-1'].status).toBe('expired');
    expect(state?.status).toBe('invited');
  });

  it('is refused before the expiry instant', () => {
    given(invited).when(expire, meta(addMs(at(15), -1), systemActor)).thenThrows('invitation.not-yet-expired');
  });

  it('does nothing for a link already used or superseded', () => {
    given(activeJean).when(expire, meta(at(15), systemActor)).then([]);
    given([...invited, invitationIssued('token-2', at(1), 'token-1')]).when(expire, meta(at(16), systemActor)).then([]);
  });

  it('refuses an unknown token', () => {
    given(invited).when({ ...expire, tokenHash: 'nope' }, meta(at(16), systemActor)).thenThrows('invitation.unknown');
  });

  it('is the system’s deadline only', () => {
    given(invited).when(expire, meta(at(16), adminActor)).thenThrows('authorisation.forbidden');
  });
});

describe('Account: password reset (1 hour, single use)', () => {
  const request = (tokenHash = 'reset-1') => ({ type: 'RequestPasswordReset' as const, accountId: 'account-jlo', tokenHash });
  const complete = (tokenHash = 'reset-1') => ({ type: 'CompletePasswordReset' as const, accountId: 'account-jlo', tokenHash, passwordHash: 'hash-2' });
  const requested = (tokenHash = 'reset-1', requestedAt = at(10), superseded: string | null = null): AccountEvent => ({
    type: 'account.password-reset-requested',
    data: { accountId: 'account-jlo', tokenHash, requestedAt, expiresAt: addMs(requestedAt, HOUR_MS), supersededTokenHash: superseded },
  });
  const locked: AccountEvent = { type: 'account.locked', data: { accountId: 'account-jlo', lockedAt: at(9), reason: 'too-many-failed-sign-ins' } };

  it('issues a reset link for one hour', () => {
    given(activeJean).when(request(), meta(at(10), anonymousActor)).then([requested()]);
  });

  it('supersedes the previous reset link', () => {
    const state = given([...activeJean, requested()]).when(request('reset-2'), meta(at(10.01), anonymousActor)).then([requested('reset-2', at(10.01), 'reset-1')]);
    expect(state?.passwordResets['reset-1'].status).toBe('superseded');
  });

  it.each([
    ['never activated', invited, 'account.not-activated'],
    ['closed', [...activeJean, deleted], 'account.closed'],
    [
      'deactivated',
      [...activeJean, { type: 'account.deactivated', data: { accountId: 'account-jlo', lastActivityAt: at(1), deactivatedAt: at(600), reason: 'inactivity' } } as AccountEvent],
      'account.deactivated',
    ],
  ] as const)('is refused for a %s account', (_label, history, code) => {
    given([...history]).when(request(), meta(at(700), anonymousActor)).thenThrows(code);
  });

  it('completes within the hour and unlocks a locked account', () => {
    const state = given([...activeJean, locked, requested()])
      .when(complete(), meta(addMs(at(10), HOUR_MS - 1), anonymousActor))
      .then([
        {
          type: 'account.password-reset',
          data: { accountId: 'account-jlo', tokenHash: 'reset-1', passwordHash: 'hash-2', resetAt: addMs(at(10), HOUR_MS - 1), unlocked: true },
        },
      ]);
    expect(state).toMatchObject({ status: 'active', passwordHash: 'hash-2', consecutiveFailedSignIns: 0 });
  });

  it('refuses after one hour, a second use, a superseded link and an unknown token', () => {
    given([...activeJean, requested()]).when(complete(), meta(addMs(at(10), HOUR_MS), anonymousActor)).thenThrows('password-reset.expired');
    const used: AccountEvent = {
      type: 'account.password-reset',
      data: { accountId: 'account-jlo', tokenHash: 'reset-1', passwordHash: 'hash-2', resetAt: at(10), unlocked: false },
    };
    given([...activeJean, requested(), used]).when(complete(), meta(at(10), anonymousActor)).thenThrows('password-reset.used');
    given([...activeJean, requested(), requested('reset-2', at(10), 'reset-1')]).when(complete(), meta(at(10), anonymousActor)).thenThrows('password-reset.used');
    given([...activeJean, requested()]).when(complete('nope'), meta(at(10), anonymousActor)).thenThrows('password-reset.unknown');
  });

  it('refuses completion on a closed account', () => {
    given([...activeJean, requested(), deleted]).when(complete(), meta(at(10), anonymousActor)).thenThrows('account.closed');
  });

  it('refuses a reset token hash already used', () => {
    given([...activeJean, requested()]).when(request('reset-1'), meta(at(10), anonymousActor)).thenThrows('validation.failed');
  });
});

