import { lettersMongoMapping, lettersProjection, lettersReaders } from '@peps/letters';
import { readerContract } from '@peps/read-store/testing';
import { Scenario } from '@peps/testing';
import { administratorRegistrationsMongoMapping } from './administrator-registrations.documents.js';
import { administratorRegistrationsProjection } from './administrator-registrations.projection.js';
import { administratorRegistrationsReaders } from './administrator-registrations.readers.js';

const setup = {
  projections: [administratorRegistrationsProjection, lettersProjection],
  mappings: [administratorRegistrationsMongoMapping, lettersMongoMapping],
};

readerContract('administrator-registrations reader', setup, (models) => {
  it('lists registrations with creator, letter state, cancellation and remaining administrators; rebuilds identically', async () => {
    const s = new Scenario(models().events);
    const employer = await s.registerEmployer({ name: 'CHRU DE NANTES' });
    const first = await s.createAccount({ employerId: employer, profile: 'administrator', by: 'drs-operator' });
    const second = await s.createAccount({ employerId: employer, profile: 'administrator', by: first.accountId, lastName: 'Martin', firstName: 'Anne' });
    await s.createAccount({ employerId: employer, profile: 'user' });
    await s.raw('letter-L1', 'letter.generated', { accountId: second.accountId, employerId: employer, pdfPath: 'letters/L1.pdf' });
    await s.raw('letter-L1', 'letter.sent-to-mailroom', {});
    await s.raw('letter-L1', 'letter.unheard-of', { note: 'tolerated' });
    await s.account(second.accountId, 'account.administrator-registration-cancelled',
      { employerId: employer, reason: 'Contestée', outcome: 'closed', cancelledBy: s.drs, cancelledAt: s.now() },
      { actor: 'drs-operator', employerEvent: { type: 'employer.administrator-removed', data: { employerId: employer, accountId: second.accountId, reason: 'cancellation', removedAt: s.now() } } });
    await models().catchUp(s.last);
    const registrations = models().reader(administratorRegistrationsReaders);

    const all = await registrations.list();
    expect(all.map((r) => r.lastName)).toEqual(['Martin', 'Louty']);
    expect(all[0]).toMatchObject({ kind: 'creation', registeredByIdentifier: first.identifier, employerName: 'CHRU DE NANTES', employerHasAdministrator: true });
    expect(all[0].letter).toMatchObject({ letterId: 'L1', status: 'unheard-of' });
    expect(all[0].cancellation?.reason).toBe('Contestée');
    expect((await registrations.list({ status: 'cancelled' })).map((r) => r.accountId)).toEqual([second.accountId]);
    expect((await registrations.list({ status: 'letter-pending' })).map((r) => r.accountId)).toEqual([first.accountId]);
    expect((await models().reader(lettersReaders).list())[0]).toMatchObject({ letterId: 'L1', pdfPath: 'letters/L1.pdf', accountId: second.accountId });

    await models().expectSameAfterRebuild(s.last);
  });

  it('narrows to one employer, says when an employer has no administrator left, and knows every registered employer', async () => {
    const s = new Scenario(models().events);
    const nantes = await s.registerEmployer({ name: 'CHRU DE NANTES' });
    const angers = await s.registerEmployer({ name: 'CHU ANGERS' });
    const admin = await s.createAccount({ employerId: nantes, profile: 'administrator' });
    const other = await s.createAccount({ employerId: angers, profile: 'administrator' });
    await s.account(other.accountId, 'account.administrator-registration-cancelled',
      { employerId: angers, reason: 'Erreur', outcome: 'demoted-to-user', cancelledBy: s.drs, cancelledAt: s.now() },
      { actor: 'drs-operator', employerEvent: { type: 'employer.administrator-removed', data: { employerId: angers, accountId: other.accountId, reason: 'cancellation', removedAt: s.now() } } });
    await s.raw('letter-L9', 'letter.sent', { accountId: admin.accountId, employerId: nantes });
    await models().catchUp(s.last);
    const registrations = models().reader(administratorRegistrationsReaders);

    expect((await registrations.list({ employerId: angers })).map((r) => [r.accountId, r.employerName, r.employerHasAdministrator])).toEqual([
      [other.accountId, 'CHU ANGERS', false],
    ]);
    expect((await registrations.list({ status: 'active', employerId: nantes }))[0]).toMatchObject({ accountId: admin.accountId, letter: { letterId: 'L9', status: 'sent' } });
    expect(await registrations.list({ status: 'letter-pending', employerId: nantes })).toEqual([]);
    expect(await registrations.employerExists(nantes)).toBe(true);
    expect(await registrations.employerExists('4b0f9c1e-0000-4000-8000-000000000000')).toBe(false);
  });
});
