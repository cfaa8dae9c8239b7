import { activeJean, jeanLoutyCreated, at, adminActor } from '@peps/domain/testing';
import { ERASED_VALUE, type AccountEvent } from '@peps/domain';
import type { AccountListEntry } from './account-list-document.js';
import { accountListMongoMapping } from './account-list.documents.js';
import { evolveAccountList } from './evolve-account-list.js';

const fold = (events: AccountEvent[]): AccountListEntry | null => events.reduce<AccountListEntry | null>((doc, e) => evolveAccountList(doc, e), null);
const id = 'account-jlo';

describe('account-list evolve', () => {
  it('lists a created account as waiting for its password, then active', () => {
    expect(fold([jeanLoutyCreated()])).toMatchObject({ identifier: 'JLO000439', lastName: 'Louty', status: 'invited', profile: 'user', lastSignInAt: null });
    expect(fold(activeJean)?.status).toBe('active');
  });

  it('tells an expired invitation apart, and a new link makes it pending again', () => {
    const expired: AccountEvent = { type: 'account.invitation-expired', data: { accountId: id, tokenHash: 'token-1', expiredAt: at(15) } };
    expect(fold([jeanLoutyCreated(), expired])?.status).toBe('invitation-expired');
    const reissued: AccountEvent = {
      type: 'account.password-invitation-issued',
      data: { accountId: id, tokenHash: 't2', issuedAt: at(16), expiresAt: at(31), supersededTokenHash: null, issuedBy: adminActor },
    };
    expect(fold([jeanLoutyCreated(), expired, reissued])?.status).toBe('invited');
    // An expired link of an already active account changes nothing.
    expect(fold([...activeJean, expired])?.status).toBe('active');
  });

  it('follows contact changes, sign-ins, locking, deactivation, promotion and closing', () => {
    const events: AccountEvent[] = [
      ...activeJean,
      { type: 'account.contact-details-changed', data: { accountId: id, changes: { lastName: { from: 'Louty', to: 'Loutý' }, email: { from: 'a', to: 'b@x.fr' } }, changedBy: adminActor, changedAt: at(2) } },
      { type: 'account.signed-in', data: { accountId: id, signedInAt: at(3), profile: 'user', promotionTookEffect: false } },
      { type: 'account.locked', data: { accountId: id, lockedAt: at(4), reason: 'too-many-failed-sign-ins' } },
    ];
    expect(fold(events)).toMatchObject({ lastName: 'Loutý', email: 'b@x.fr', lastSignInAt: at(3), status: 'locked' });
    const unlocked = [...events, { type: 'account.unlocked', data: { accountId: id, unlockedBy: adminActor, unlockedAt: at(5) } } as AccountEvent];
    expect(fold(unlocked)?.status).toBe('active');
    const deactivated = [...unlocked, { type: 'account.deactivated', data: { accountId: id, lastActivityAt: at(3), deactivatedAt: at(600), reason: 'inactivity' } } as AccountEvent];
    expect(fold(deactivated)?.status).toBe('deactivated');
    const promoted: AccountEvent = {
      type: 'account.promoted-to-administrator',
      data: { accountId: id, employerId: 'e', identifier: 'JLO000439', holder: { ...jeanLoutyCreated().data, professionalAddress: ['x'] }, promotedBy: adminActor, promotedAt: at(6) },
    };
    expect(fold([...unlocked, promoted])?.profile).toBe('administrator');
    const demoted: AccountEvent = {
      type: 'account.administrator-registration-cancelled',
      data: { accountId: id, employerId: 'e', reason: 'contesté', outcome: 'demoted-to-user', cancelledBy: adminActor, cancelledAt: at(7) },
    };
    expect(fold([...unlocked, promoted, demoted])).toMatchObject({ profile: 'user', status: 'active' });
    const deleted: AccountEvent = { type: 'account.deleted', data: { accountId: id, employerId: 'e', profile: 'user', deletedBy: adminActor, deletedAt: at(8) } };
    expect(fold([...unlocked, deleted])?.status).toBe('closed');
    // Nothing brings a closed account back into the list.
    expect(fold([...unlocked, deleted, { type: 'account.unlocked', data: { accountId: id, unlockedBy: adminActor, unlockedAt: at(9) } }])?.status).toBe('closed');
  });

  it('shows an account locked by failed second factors as locked, like the password lock', () => {
    const locked: AccountEvent = { type: 'account.locked', data: { accountId: id, lockedAt: at(4), reason: 'too-many-failed-second-factors' } };
    expect(fold([...activeJean, locked])?.status).toBe('locked');
    expect(evolveAccountList(fold(activeJean), { type: 'account.second-factor-reset', data: { accountId: id, resetBy: adminActor, resetAt: at(5) } })).toEqual(fold(activeJean));
  });

  it('given a renewal, then the line records when, which restarts its 18 months', () => {
    const renewed: AccountEvent = { type: 'account.renewed', data: { accountId: id, renewedBy: adminActor, renewedAt: at(500) } };
    expect(fold(activeJean)?.renewedAt).toBeUndefined();
    expect(fold([...activeJean, renewed])).toMatchObject({ status: 'active', renewedAt: at(500) });
  });

  it('given a closed account, when its personal data are erased, then its line reads « donnée effacée », searched and sorted so', () => {
    const deleted: AccountEvent = { type: 'account.deleted', data: { accountId: id, employerId: 'e', profile: 'user', deletedBy: adminActor, deletedAt: at(8) } };
    const erased: AccountEvent = { type: 'account.personal-data-erased', data: { accountId: id, employerId: 'e', reason: 'Demande', erasedBy: adminActor, erasedAt: at(9) } };
    const line = fold([...activeJean, deleted, erased])!;
    expect(line).toEqual({ ...fold([...activeJean, deleted]), civility: ERASED_VALUE, lastName: ERASED_VALUE, firstName: ERASED_VALUE, email: ERASED_VALUE });
    expect(accountListMongoMapping.fields(id, line)).toMatchObject({
      sortName: 'donnee effacee donnee effacee',
      email: ERASED_VALUE,
      search: 'jlo000439 donnee effacee donnee effacee donnee effacee donnee effacee',
    });
    expect(evolveAccountList(null, erased)).toBeNull();
  });

  it('ignores events of an account it never saw created', () => {
    expect(evolveAccountList(null, { type: 'account.locked', data: { accountId: id } })).toBeNull();
  });
});
