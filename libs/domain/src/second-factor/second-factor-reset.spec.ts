import type { AccountEvent } from '../account/account-events.js';
import { accountDecider } from '../account/decide-account.js';
import { activeJean, adminActor, at, employerId, jeanPromoted } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { administratorOf, drsActor, meta, systemActor, userOf } from '../testing/metadata.js';
import { accountId, deletedJean, jeanActor, jeanWithTotp, passkeyRegistered, secondFactorFailed, workstationTrusted } from '../testing/second-factor.js';
import { availableMethods } from './available-methods.js';

const given = scenarioFor(accountDecider);
const reset = { type: 'ResetSecondFactor' as const, accountId };
const resetBy = (actor: typeof adminActor, resetAt = at(3)): AccountEvent => ({ type: 'account.second-factor-reset', data: { accountId, resetBy: actor, resetAt } });
const equipped = [...jeanWithTotp, passkeyRegistered(), workstationTrusted(), secondFactorFailed(2)];
const promoted = jeanPromoted(at(2));

describe('Second factor: ResetSecondFactor', () => {
  it('lets an administrator of the employer drop every method but e-mail', () => {
    const state = given(equipped).when(reset, meta(at(3), adminActor)).then([resetBy(adminActor)]);
    expect(state?.secondFactor).toMatchObject({ totp: null, pendingTotp: null, recoveryCodes: {}, passkeys: {}, workstations: {}, pendingCode: null, consecutiveFailures: 0 });
    expect(availableMethods(state!)).toEqual(['email']);
  });

  it('hides the account from an administrator of another employer', () => {
    given(equipped).when(reset, meta(at(3), administratorOf('other'))).thenThrows('account.not-found');
  });

  it('is refused to a user, even the holder', () => {
    given(equipped).when(reset, meta(at(3), userOf(employerId))).thenThrows('authorisation.forbidden');
    given(equipped).when(reset, meta(at(3), jeanActor)).thenThrows('authorisation.forbidden');
  });

  it('lets the DRS reset an administrator only', () => {
    given([...equipped, promoted]).when(reset, meta(at(3), drsActor)).then([resetBy(drsActor)]);
    given(equipped).when(reset, meta(at(3), drsActor)).thenThrows('authorisation.forbidden');
  });

  it('lets the platform itself reset', () => {
    given(equipped).when(reset, meta(at(3), systemActor)).then([resetBy(systemActor)]);
  });

  it('is refused on a closed account', () => {
    given([...activeJean, deletedJean()]).when(reset, meta(at(4), adminActor)).thenThrows('account.closed');
  });
});
