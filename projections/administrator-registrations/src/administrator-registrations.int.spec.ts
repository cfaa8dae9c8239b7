import { SqlEventStore } from '@peps/event-store';
import { ProjectionRunner } from '@peps/read-store';
import { createReadStoreTestDatabase } from '@peps/read-store/testing';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { lettersProjection, lettersTable } from '@peps/letters';
import { listLetters } from '@peps/letters';
import { Scenario } from '@peps/testing';
import { administratorRegistrationsProjection, listRegistrations, registrationEmployersTable, registrationsTable } from './administrator-registrations.projection.js';

describe.each(testDatabaseKinds())('administrator-registrations and letters projections on %s', (kind) => {
  let t: TestDatabase;
  let store: SqlEventStore;
  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, [administratorRegistrationsProjection, lettersProjection]);
    store = new SqlEventStore(t.db);
  });
  afterEach(() => t.destroy());

  it('lists registrations with creator, letter state, cancellation and remaining administrators; rebuilds identically', async () => {
    const s = new Scenario(store);
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

    const runners = [administratorRegistrationsProjection, lettersProjection].map((p) => new ProjectionRunner(p, store, t.db));
    for (const r of runners) await r.catchUp(undefined, s.last);

    const all = await listRegistrations(t.db);
    expect(all.map((r) => r.lastName)).toEqual(['Martin', 'Louty']);
    expect(all[0]).toMatchObject({ kind: 'creation', registeredByIdentifier: first.identifier, employerName: 'CHRU DE NANTES', employerHasAdministrator: true });
    expect(all[0].letter).toMatchObject({ letterId: 'L1', status: 'unheard-of' });
    expect(all[0].cancellation?.reason).toBe('Contestée');
    expect((await listRegistrations(t.db, { status: 'cancelled' })).map((r) => r.accountId)).toEqual([second.accountId]);
    expect((await listRegistrations(t.db, { status: 'letter-pending' })).map((r) => r.accountId)).toEqual([first.accountId]);
    expect((await listLetters(t.db))[0]).toMatchObject({ letterId: 'L1', pdfPath: 'letters/L1.pdf', accountId: second.accountId });

    const tables = [registrationsTable, registrationEmployersTable, lettersTable];
    const live = await Promise.all(tables.map((table) => table.digest(t.db)));
    for (const r of runners) await r.rebuild(undefined, s.last);
    expect(await Promise.all(tables.map((table) => table.digest(t.db)))).toEqual(live);
  });
});
