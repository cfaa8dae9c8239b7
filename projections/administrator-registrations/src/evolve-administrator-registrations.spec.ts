import { adminActor, at, employerRegistered, jeanLoutyCreated } from '@peps/domain/testing';
import { ERASED_VALUE, type DomainEvent } from '@peps/domain';
import { foldDocuments } from '@peps/read-store';
import { administratorRegistrationsProjection } from './administrator-registrations.projection.js';
import type { AdministratorRegistration, RegistrationEmployer } from './evolve-administrator-registrations.js';

function run(events: (DomainEvent | { type: string; data: Record<string, unknown>; stream?: string })[]) {
  const docs = new Map<string, any>();
  const projected = events.map((e, i) => ({
    id: String(i), stream: (e as { stream?: string }).stream ?? 'x', version: i + 1, type: e.type, data: e.data,
    metadata: { actor: 'a', correlationId: 'c', occurredAt: at(i) }, occurredAt: at(i), transactionId: 1n, position: BigInt(i + 1),
  }));
  foldDocuments(administratorRegistrationsProjection, docs, projected);
  return docs;
}

const created = jeanLoutyCreated({ profile: 'administrator', professionalAddress: ['x'] });
const employerId = created.data.employerId;
const added: DomainEvent = { type: 'employer.administrator-added', data: { employerId, accountId: 'account-jlo', reason: 'creation', since: at(0) } };

describe('administrator-registrations evolve', () => {
  it('records a created administrator with its creator, and the employer administrators', () => {
    const docs = run([employerRegistered, created, added]);
    expect(docs.get('registration:account-jlo')).toMatchObject({ kind: 'creation', registeredBy: 'admin-1', letter: null, cancellation: null });
    expect((docs.get(`employer:${employerId}`) as RegistrationEmployer).administrators).toEqual(['account-jlo']);
  });

  it('ignores users until promoted, then records the promotion', () => {
    const user = jeanLoutyCreated();
    expect(run([user]).get('registration:account-jlo')).toBeUndefined();
    const promoted: DomainEvent = {
      type: 'account.promoted-to-administrator',
      data: { accountId: 'account-jlo', employerId, identifier: 'JLO000439', holder: { ...user.data, professionalAddress: ['x'] }, promotedBy: adminActor, promotedAt: at(3) },
    };
    expect(run([user, promoted]).get('registration:account-jlo')).toMatchObject({ kind: 'promotion', registeredAt: at(3) });
  });

  it('follows the letter and the cancellation; the employer may be left without administrator', () => {
    const docs = run([
      employerRegistered,
      created,
      added,
      { type: 'letter.generated', data: { accountId: 'account-jlo' }, stream: 'letter-L1' },
      { type: 'letter.sent-to-mailroom', data: {}, stream: 'letter-L1' },
      { type: 'account.administrator-registration-cancelled', data: { accountId: 'account-jlo', employerId, reason: 'Contestée par le représentant légal', outcome: 'closed', cancelledBy: adminActor, cancelledAt: at(9) } },
      { type: 'employer.administrator-removed', data: { employerId, accountId: 'account-jlo', reason: 'cancellation', removedAt: at(9) } },
    ]);
    const registration = docs.get('registration:account-jlo') as AdministratorRegistration;
    // The second letter event carries no accountId: only the first reaches the registration.
    expect(registration.letter).toMatchObject({ letterId: 'L1', status: 'generated' });
    expect(registration.cancellation).toMatchObject({ reason: 'Contestée par le représentant légal', outcome: 'closed' });
    expect(registration.accountClosed).toBe(true);
    expect((docs.get(`employer:${employerId}`) as RegistrationEmployer).administrators).toEqual([]);
  });

  it('given an erased administrator, then the registration stays with « donnée effacée » for the names and e-mail', () => {
    const deleted: DomainEvent = { type: 'account.deleted', data: { accountId: 'account-jlo', employerId, profile: 'administrator', deletedBy: adminActor, deletedAt: at(5) } };
    const erased: DomainEvent = { type: 'account.personal-data-erased', data: { accountId: 'account-jlo', employerId, reason: 'Demande', erasedBy: adminActor, erasedAt: at(6) } };
    const before = run([employerRegistered, created, added, deleted]).get('registration:account-jlo') as AdministratorRegistration;
    expect(run([employerRegistered, created, added, deleted, erased]).get('registration:account-jlo')).toEqual({
      ...before, civility: ERASED_VALUE, lastName: ERASED_VALUE, firstName: ERASED_VALUE, email: ERASED_VALUE,
    });
    // A user never registered stays absent.
    expect(run([jeanLoutyCreated(), erased]).get('registration:account-jlo')).toBeUndefined();
  });
});
