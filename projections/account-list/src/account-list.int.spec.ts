import { SqlEventStore } from '@peps/event-store';
import { ProjectionRunner } from '@peps/read-store';
import { createReadStoreTestDatabase } from '@peps/read-store/testing';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { Scenario } from '@peps/testing';
import { accountListProjection, accountListTable } from './account-list.projection.js';
import { listAccounts } from './account-list.queries.js';

describe.each(testDatabaseKinds())('account-list projection on %s', (kind) => {
  let t: TestDatabase;
  let store: SqlEventStore;
  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, [accountListProjection]);
    store = new SqlEventStore(t.db);
  });
  afterEach(() => t.destroy());

  it('searches accent- and case-insensitively, filters, sorts, pages, and rebuilds to the same rows', async () => {
    const s = new Scenario(store);
    const nantes = await s.registerEmployer();
    const angers = await s.registerEmployer({ name: 'CHU ANGERS' });
    const eloise = await s.createAccount({ employerId: nantes, lastName: 'Dupré', firstName: 'Éloïse', profile: 'administrator' });
    const jean = await s.createAccount({ employerId: nantes, lastName: 'Louty', firstName: 'Jean' });
    const anne = await s.createAccount({ employerId: nantes, lastName: 'Martin', firstName: 'Anne', email: 'anne.martin@chu.fr' });
    await s.createAccount({ employerId: angers, lastName: 'Dupre', firstName: 'Eloise' });
    await s.account(jean.accountId, 'account.password-created', { tokenHash: 'x', passwordHash: 'h', createdAt: s.now() });
    await s.account(anne.accountId, 'account.invitation-expired', { tokenHash: 'x', expiredAt: s.now() });
    await s.account(eloise.accountId, 'account.signed-in', { signedInAt: s.now(), profile: 'administrator', promotionTookEffect: false });
    const gone = await s.createAccount({ employerId: nantes, lastName: 'Zorro', firstName: 'Diego' });
    await s.account(gone.accountId, 'account.deleted', { employerId: nantes, profile: 'user', deletedBy: s.actor('admin-0'), deletedAt: s.now() });

    const runner = new ProjectionRunner(accountListProjection, store, t.db);
    await runner.catchUp(undefined, s.last);

    const page = await listAccounts(t.db, { employerId: nantes });
    expect(page.total).toBe(3);
    expect(page.items.map((i) => i.lastName)).toEqual(['Dupré', 'Louty', 'Martin']);
    expect((await listAccounts(t.db, { employerId: nantes, search: 'ELOISE dupre' })).items.map((i) => i.accountId)).toEqual([eloise.accountId]);
    expect((await listAccounts(t.db, { search: 'éloïse' })).total).toBe(2);
    expect((await listAccounts(t.db, { employerId: nantes, search: jean.identifier.toLowerCase() })).items[0].firstName).toBe('Jean');
    expect((await listAccounts(t.db, { employerId: nantes, search: 'ANNE.MARTIN@' })).total).toBe(1);
    expect((await listAccounts(t.db, { employerId: nantes, search: '%' })).total).toBe(0);
    expect((await listAccounts(t.db, { employerId: nantes, status: 'invitation-expired' })).items[0].lastName).toBe('Martin');
    expect((await listAccounts(t.db, { employerId: nantes, status: 'closed' })).items[0].lastName).toBe('Zorro');
    expect((await listAccounts(t.db, { employerId: nantes, profile: 'administrator' })).items[0].lastSignInAt).not.toBeNull();
    const sorted = await listAccounts(t.db, { employerId: nantes, sort: 'createdAt', order: 'desc', page: 2, pageSize: 2 });
    expect(sorted).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(sorted.items.map((i) => i.lastName)).toEqual(['Dupré']);

    const live = await accountListTable.digest(t.db);
    await runner.rebuild(undefined, s.last);
    expect(await accountListTable.digest(t.db)).toBe(live);
  });
});
