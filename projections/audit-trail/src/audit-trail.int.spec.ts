import { defaultRightsTemplate } from '@peps/domain';
import { SqlEventStore } from '@peps/event-store';
import { ProjectionRunner, SqlReadStore } from '@peps/read-store';
import { createReadStoreTestDatabase } from '@peps/read-store/testing';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { Scenario } from '@peps/testing';
import { auditLinesTable } from './audit-lines-table.js';
import { auditAccountsTable, auditTrailProjection } from './audit-trail.projection.js';
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

  it('upgrades a version-1 audit trail: the lines table is replaced and rebuilt from the log', async () => {
    const v1 = await createReadStoreTestDatabase(kind, [{ ...auditTrailProjection, version: 1, migrations: auditTrailProjection.migrations.slice(0, 1) }]);
    try {
      const v1Store = new SqlEventStore(v1.db);
      const s = new Scenario(v1Store);
      const employer = await s.registerEmployer();
      const jean = await s.createAccount({ employerId: employer });
      // The version-1 table, with a line in it, as an older platform left it.
      await v1.db.query(
        `insert into read.audit_trail (event_id, transaction_id, position, occurred_at, actor, account_id, employer_id, doc)
         values ('old-line', 1, 1, now(), 'system', null, null, '{}')`,
      );
      await v1.db.query(`insert into read.checkpoints (projection, version, transaction_id, position) values ('audit-trail', 1, '1', 1)`);

      await SqlReadStore.open(v1.db, [auditTrailProjection]);
      await new ProjectionRunner(auditTrailProjection, v1Store, v1.db).catchUp(undefined, s.last);
      const lines = await auditTrail(v1.db, { accountId: jean.accountId });
      expect(lines.map((l) => l.type)).toEqual(['account.created', 'account.password-invitation-issued']);
      expect((await auditTrail(v1.db, {})).map((l) => l.eventId)).not.toContain('old-line');
      expect((await new SqlReadStore(v1.db).checkpoint('audit-trail'))?.version).toBe(2);
    } finally {
      await v1.destroy();
    }
  });
});
