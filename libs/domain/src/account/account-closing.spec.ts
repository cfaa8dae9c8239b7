import { activeJean, adminActor, at, employerId, guideAddress, jeanLoutyCreated, jeanPromoted } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, drsActor, meta, userOf } from '../testing/metadata.js';
import type { AccountEvent } from './account-events.js';
import { accountDecider } from './decide-account.js';

const given = scenarioFor(accountDecider);
const deleteJean = { type: 'DeleteAccount' as const, accountId: 'account-jlo' };
const deleted = (profile: 'user' | 'administrator' = 'user', by = adminActor): AccountEvent => ({
  type: 'account.deleted',
  data: { accountId: 'account-jlo', employerId, profile, deletedBy: by, deletedAt: at(3) },
});
const createdAdministrator = jeanLoutyCreated({ profile: 'administrator', professionalAddress: guideAddress });
const promoted = jeanPromoted(at(2));

describe('Account: DeleteAccount', () => {
  it('closes the account', () => {
    const state = given(activeJean).when(deleteJean, meta(at(3), adminActor)).then([deleted()]);
    expect(state?.status).toBe('closed');
  });

  it('records the profile so the employer side can apply the last-administrator rule', () => {
    given([createdAdministrator]).when(deleteJean, meta(at(3), adminActor)).then([deleted('administrator')]);
  });

  it('is refused on a closed account', () => {
    given([...activeJean, deleted()]).when(deleteJean, meta(at(4), adminActor)).thenThrows('account.closed');
  });

  it('is refused to a user and hidden from other employers', () => {
    given(activeJean).when(deleteJean, meta(at(3), userOf(employerId))).thenThrows('authorisation.forbidden');
    given(activeJean).when(deleteJean, meta(at(3), administratorOf('other'))).thenThrows('account.not-found');
  });
});

describe('Account: CancelAdministratorRegistration (DRS)', () => {
  const cancel = { type: 'CancelAdministratorRegistration' as const, accountId: 'account-jlo', reason: ' Opposition du représentant légal ' };
  const cancelled = (outcome: 'closed' | 'demoted-to-user'): AccountEvent => ({
    type: 'account.administrator-registration-cancelled',
    data: { accountId: 'account-jlo', employerId, reason: 'Opposition du représentant légal', outcome, cancelledBy: drsActor, cancelledAt: at(5) },
  });

  it('closes an account created as administrator', () => {
    const state = given([createdAdministrator]).when(cancel, meta(at(5), drsActor)).then([cancelled('closed')]);
    expect(state?.status).toBe('closed');
  });

  it('sends a promoted administrator back to user', () => {
    const state = given([...activeJean, promoted]).when(cancel, meta(at(5), drsActor)).then([cancelled('demoted-to-user')]);
    expect(state).toMatchObject({ status: 'active', profile: 'user', administratorSince: null, promotionPending: false });
  });

  it('is refused for an account that is not an administrator registration', () => {
    given(activeJean).when(cancel, meta(at(5), drsActor)).thenThrows('account.not-an-administrator-registration');
    given([...activeJean, promoted, cancelled('demoted-to-user')]).when(cancel, meta(at(6), drsActor)).thenThrows('account.not-an-administrator-registration');
  });

  it('is refused for a closed account', () => {
    given([createdAdministrator, deleted('administrator')]).when(cancel, meta(at(5), drsActor)).thenThrows('account.closed');
  });

  it('requires a reason', () => {
    given([createdAdministrator])
      .when({ ...cancel, reason: '  ' }, meta(at(5), drsActor))
      .thenThrows('validation.failed', [{ field: 'reason', message: "Le motif de l'annulation est obligatoire." }]);
    given([createdAdministrator])
      .when({ ...cancel, reason: 'x'.repeat(2001) }, meta(at(5), drsActor))
      .thenThrows('validation.failed', [{ field: 'reason', message: "Le motif de l'annulation ne doit pas dépasser 2000 caractères." }]);
  });

  it('is the DRS’s decision only', () => {
    given([createdAdministrator]).when(cancel, meta(at(5), adminActor)).thenThrows('authorisation.forbidden');
  });
});
