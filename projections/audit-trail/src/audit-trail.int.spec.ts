import { defaultRightsTemplate } from '../../../libs/domain/src/index.js';
import { SqlEventStore } from '../../../libs/event-store/src/index.js';
import { ProjectionRunner } from '../../../libs/read-store/src/index.js';
import { createReadStoreTestDatabase } from '../../../libs/read-store/src/testing/read-store-test-database.js';
import { testDatabaseKinds, type TestDatabase } from '../../../libs/sql/src/testing/test-databases.js';
import { Scenario } from '../../testing/scenario.js';
import { auditAccountsTable, auditLinesTable, auditTrailProjection } from './audit-trail.projection.js';
import { auditTrail, auditTrailCsv } from './audit-trail.queries.js';

describe.each(testDatabaseKinds())('audit-trail projection on %s', (kind) => {
  let t: TestDatabase;
  let store: SqlEventStore;
  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, [auditTrailProjection]);
    store = new SqlEventStore(t.db);
  });
  afterEach(() => t.destroy());

  it('keeps every event as a readable line, filterable, exportable, without secrets; rebuilds identically', async () => {
    const s = new Scenario(store);
    const employer = await s.registerEmployer();
    const other = await s.registerEmployer();
    const admin = await s.createAccount({ employerId: employer, profile: 'administrator', lastName: 'Admin', firstName: 'Alice' });
    const jean = await s.createAccount({ employerId: employer, by: admin.accountId });
    await s.createAccount({ employerId: other });
    await s.account(jean.accountId, 'account.password-created', { tokenHash: 'tok-secret', passwordHash: '$argon2id$secret', createdAt: s.now() }, { actor: jean.accountId });
    const rights = { ...defaultRightsTemplate, 'simulation-retraite': 'none' as const };
    await s.account(jean.accountId, 'account.rights-changed',
      { rights, changes: [{ service: 'simulation-retraite', from: 'write', to: 'none' }], rightsCatalogueVersion: 1, changedBy: s.actor(admin.accountId), changedAt: s.now() },
      { actor: admin.accountId });
    const runner = new ProjectionRunner(auditTrailProjection, store, t.db);
    await runner.catchUp(undefined, s.last);

    const jeanLines = await auditTrail(t.db, { accountId: jean.accountId });
    expect(jeanLines.map((l) => l.type)).toEqual(['account.created', 'account.password-invitation-issued', 'account.password-created', 'account.rights-changed']);
    expect(jeanLines[3]).toMatchObject({ summary: 'Droits modifiés', actorLabel: `${admin.identifier} (Alice Admin)`, accountIdentifier: jean.identifier });
    expect(jeanLines[3].changes).toEqual([{ field: 'rights.simulation-retraite', label: 'Simulation de retraite', from: 'Modification', to: 'Aucun' }]);
    // Employer filter: its registration, its accounts' events (even those whose data has no employerId).
    expect((await auditTrail(t.db, { employerId: employer })).length).toBe(1 + 3 + 2 + 2);
    expect((await auditTrail(t.db, { actor: admin.accountId })).length).toBe(3);
    expect(await auditTrail(t.db, { from: new Date('2030-01-01') })).toEqual([]);
    const csv = auditTrailCsv(await auditTrail(t.db, {}));
    expect(csv.startsWith('\uFEFFDate;Auteur;Compte;Événement;Champ;Ancienne valeur;Nouvelle valeur\r\n')).toBe(true);
    expect(csv).not.toMatch(/secret|token-hash/);

    const live = [await auditLinesTable.digest(t.db), await auditAccountsTable.digest(t.db)];
    await runner.rebuild(undefined, s.last);
    expect([await auditLinesTable.digest(t.db), await auditAccountsTable.digest(t.db)]).toEqual(live);
  });
});
