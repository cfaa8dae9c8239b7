import { fold } from '../shared/decider.js';
import { activeJean, adminActor, at, employerId, guideAddress, jeanLoutyCreated } from '../testing/fixtures.js';
import { scenarioFor } from '../testing/given-when-then.js';
import { drsActor, meta, systemActor } from '../testing/metadata.js';
import type { AccountEvent } from './account-events.js';
import { accountDecider } from './decide-account.js';
import { personalDataErasureDueAt, RETENTION_ERASURE_REASON } from './personal-data-retention.js';

const given = scenarioFor(accountDecider);
const erase = { type: 'ErasePersonalData' as const, accountId: 'account-jlo', reason: ' Demande de la personne du 02/12/2026 ' };
const deleted: AccountEvent = {
  type: 'account.deleted',
  data: { accountId: 'account-jlo', employerId, profile: 'user', deletedBy: adminActor, deletedAt: at(3) },
};
const erased: AccountEvent = {
  type: 'account.personal-data-erased',
  data: { accountId: 'account-jlo', employerId, reason: 'Demande de la personne du 02/12/2026', erasedBy: drsActor, erasedAt: at(5) },
};
const createdAdministrator = jeanLoutyCreated({ profile: 'administrator', professionalAddress: guideAddress });
const registrationCancelled: AccountEvent = {
  type: 'account.administrator-registration-cancelled',
  data: { accountId: 'account-jlo', employerId, reason: 'Opposition', outcome: 'closed', cancelledBy: drsActor, cancelledAt: at(3) },
};

describe('Account: ErasePersonalData (DRS, retention)', () => {
  it('erases the personal data of a deleted account and records when', () => {
    const state = given([...activeJean, deleted]).when(erase, meta(at(5), drsActor)).then([erased]);
    expect(state).toMatchObject({ status: 'closed', personalDataErasedAt: at(5) });
  });

  it('erases the personal data of an account closed by a cancelled administrator registration', () => {
    given([createdAdministrator, registrationCancelled]).when(erase, meta(at(5), drsActor)).then([erased]);
  });

  it('decides nothing the second time: the account is already erased', () => {
    const state = given([...activeJean, deleted, erased]).when(erase, meta(at(6), drsActor)).then([]);
    expect(state?.personalDataErasedAt).toBe(at(5));
  });

  it('is refused while the account is not closed', () => {
    given(activeJean).when(erase, meta(at(5), drsActor)).thenThrows('account.not-closed');
    given([jeanLoutyCreated()]).when(erase, meta(at(5), drsActor)).thenThrows('account.not-closed');
  });

  it('is refused for an unknown account', () => {
    given([]).when(erase, meta(at(5), drsActor)).thenThrows('account.not-found');
  });

  it('requires a reason of at most 2000 characters', () => {
    given([...activeJean, deleted])
      .when({ ...erase, reason: '  ' }, meta(at(5), drsActor))
      .thenThrows('validation.failed', [{ field: 'reason', message: "Le motif de l'effacement est obligatoire." }]);
    given([...activeJean, deleted])
      .when({ ...erase, reason: 42 }, meta(at(5), drsActor))
      .thenThrows('validation.failed', [{ field: 'reason', message: "Le motif de l'effacement est obligatoire." }]);
    given([...activeJean, deleted])
      .when({ ...erase, reason: 'x'.repeat(2001) }, meta(at(5), drsActor))
      .thenThrows('validation.failed', [{ field: 'reason', message: "Le motif de l'effacement ne doit pas dépasser 2000 caractères." }]);
    expect(given([...activeJean, deleted]).when({ ...erase, reason: 'x'.repeat(2000) }, meta(at(5), drsActor)).events()).toHaveLength(1);
  });

  it('is the DRS’s decision, or the system’s once the retention period has passed: not an administrator’s', () => {
    given([...activeJean, deleted]).when(erase, meta(at(5), adminActor)).thenThrows('authorisation.forbidden');
    const retention = { ...erase, reason: RETENTION_ERASURE_REASON };
    given([...activeJean, deleted])
      .when(retention, meta(at(400), systemActor))
      .then([{ type: 'account.personal-data-erased', data: { ...erased.data, reason: RETENTION_ERASURE_REASON, erasedBy: systemActor, erasedAt: at(400) } }]);
  });

  it('falls due a number of calendar months after the closing, the 31st becoming the last day of a shorter month', () => {
    expect(personalDataErasureDueAt('2026-01-15T10:00:00.000Z', 12)).toBe('2027-01-15T10:00:00.000Z');
    expect(personalDataErasureDueAt('2026-08-31T23:30:00.000Z', 6)).toBe('2027-02-28T23:30:00.000Z');
    expect(personalDataErasureDueAt('2027-12-31T00:00:00.000Z', 2)).toBe('2028-02-29T00:00:00.000Z');
  });

  it('keeps the stream replayable: an erased account folds like any other', () => {
    const state = fold(accountDecider, [...activeJean, deleted, erased]);
    expect(state).toMatchObject({ accountId: 'account-jlo', status: 'closed', personalDataErasedAt: at(5) });
  });
});
