import { defaultRightsTemplate } from '@peps/domain';
import { readerContract } from '@peps/read-store/testing';
import { Scenario } from '@peps/testing';
import { rightsMatrixMongoMapping } from './rights-matrix.documents.js';
import { rightsMatrixProjection } from './rights-matrix.projection.js';
import { rightsMatrixCsv, toRightsMatrix } from './rights-matrix-view.js';
import { rightsMatrixReaders } from './rights-matrix.readers.js';

readerContract('rights-matrix reader', { projections: [rightsMatrixProjection], mappings: [rightsMatrixMongoMapping] }, (models) => {
  it('keeps accounts × services per employer and rebuilds to the same rows', async () => {
    const s = new Scenario(models().events);
    const employer = await s.registerEmployer();
    const other = await s.registerEmployer();
    const a = await s.createAccount({ employerId: employer, lastName: 'Martin', firstName: 'Anne' });
    await s.createAccount({ employerId: employer, lastName: 'Bernard', firstName: 'Luc' });
    await s.createAccount({ employerId: other });
    const rights = { ...defaultRightsTemplate, 'simulation-retraite': 'read' as const };
    await s.account(a.accountId, 'account.rights-changed', { rights, changes: [], rightsCatalogueVersion: 1, changedBy: s.actor('admin-0'), changedAt: s.now() });
    await models().catchUp(s.last);

    const rows = await models().reader(rightsMatrixReaders).rows(employer);
    expect(rows.map((r) => r.lastName)).toEqual(['Bernard', 'Martin']);
    const matrix = toRightsMatrix(employer, rows);
    expect(matrix.accounts[1].rights['simulation-retraite']).toBe('read');
    expect(rightsMatrixCsv(rows).split('\r\n')).toHaveLength(4);

    await models().expectSameAfterRebuild(s.last);
  });

  it('orders by name without accents or case, then by account id, and leaves deleted accounts out', async () => {
    const s = new Scenario(models().events);
    const employer = await s.registerEmployer();
    const emile = await s.createAccount({ employerId: employer, lastName: 'émile', firstName: 'Zoé' });
    await s.createAccount({ employerId: employer, lastName: 'Dupont', firstName: 'Anne' });
    const gone = await s.createAccount({ employerId: employer, lastName: 'Aaron', firstName: 'Paul' });
    await s.account(gone.accountId, 'account.deleted', { employerId: employer, profile: 'user', deletedBy: s.actor('admin-0'), deletedAt: s.now() });
    await models().catchUp(s.last);

    const rows = await models().reader(rightsMatrixReaders).rows(employer);
    expect(rows.map((r) => r.lastName)).toEqual(['Dupont', 'émile']);
    expect(rows[1].accountId).toBe(emile.accountId);
    expect(await models().reader(rightsMatrixReaders).rows('no-such-employer')).toEqual([]);
  });
});
