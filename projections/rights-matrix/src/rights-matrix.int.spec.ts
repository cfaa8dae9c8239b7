import { defaultRightsTemplate } from '@peps/domain';
import { SqlEventStore } from '@peps/event-store';
import { ProjectionRunner } from '@peps/read-store';
import { createReadStoreTestDatabase } from '@peps/read-store/testing';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { Scenario } from '@peps/testing';
import { rightsMatrixProjection, rightsMatrixTable } from './rights-matrix.projection.js';
import { rightsMatrixCsv, rightsMatrixRows, toRightsMatrix } from './rights-matrix.queries.js';

describe.each(testDatabaseKinds())('rights-matrix projection on %s', (kind) => {
  let t: TestDatabase;
  let store: SqlEventStore;
  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, [rightsMatrixProjection]);
    store = new SqlEventStore(t.db);
  });
  afterEach(() => t.destroy());

  it('keeps accounts × services per employer and rebuilds to the same rows', async () => {
    const s = new Scenario(store);
    const employer = await s.registerEmployer();
    const other = await s.registerEmployer();
    const a = await s.createAccount({ employerId: employer, lastName: 'Martin', firstName: 'Anne' });
    await s.createAccount({ employerId: employer, lastName: 'Bernard', firstName: 'Luc' });
    await s.createAccount({ employerId: other });
    const rights = { ...defaultRightsTemplate, 'simulation-retraite': 'read' as const };
    await s.account(a.accountId, 'account.rights-changed', { rights, changes: [], rightsCatalogueVersion: 1, changedBy: s.actor('admin-0'), changedAt: s.now() });
    const runner = new ProjectionRunner(rightsMatrixProjection, store, t.db);
    await runner.catchUp(undefined, s.last);

    const rows = await rightsMatrixRows(t.db, employer);
    expect(rows.map((r) => r.lastName)).toEqual(['Bernard', 'Martin']);
    const matrix = toRightsMatrix(employer, rows);
    expect(matrix.accounts[1].rights['simulation-retraite']).toBe('read');
    expect(rightsMatrixCsv(rows).split('\r\n')).toHaveLength(4);

    const live = await rightsMatrixTable.digest(t.db);
    await runner.rebuild(undefined, s.last);
    expect(await rightsMatrixTable.digest(t.db)).toBe(live);
  });
});
