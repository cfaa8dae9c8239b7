import { defaultRightsTemplate } from '@peps/domain';
import { SqlEventStore } from '@peps/event-store';
import { ProjectionRunner, SqlReadStore } from '@peps/read-store';
import { createReadStoreTestDatabase, readerContract } from '@peps/read-store/testing';
import { testDatabaseKinds } from '@peps/sql/testing';
import { Scenario } from '@peps/testing';
import { auditTrailCsv } from './audit-trail-csv.js';
import { auditTrailMongoMapping } from './audit-trail.documents.js';
import { auditTrailProjection } from './audit-trail.projection.js';
import { auditTrailReaders } from './audit-trail.readers.js';
import { SqlAuditTrailReader } from './audit-trail.sql-reader.js';

readerContract('audit-trail reader', { projections: [auditTrailProjection], mappings: [auditTrailMongoMapping] }, (models) => {
  it('keeps every event as a readable line, filterable, exportable, without secrets; rebuilds identically', async () => {
    const s = new Scenario(models().events);
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
    await models().catchUp(s.last);
    const audit = models().reader(auditTrailReaders);

    const jeanLines = await audit.trail({ accountId: jean.accountId });
    expect(jeanLines.map((l) => l.type)).toEqual(['account.created', 'account.password-invitation-issued', 'account.password-created', 'account.rights-changed']);
    expect(jeanLines[3]).toMatchObject({ summary: 'Droits modifiés', actorLabel: `${admin.identifier} (Alice Admin)`, accountIdentifier: jean.identifier });
    expect(jeanLines[3].changes).toEqual([{ field: 'rights.simulation-retraite', label: 'Simulation de retraite', from: 'Modification', to: 'Aucun' }]);
    // Employer filter: its registration, its accounts' events (even those whose data has no employerId).
    expect((await audit.trail({ employerId: employer })).length).toBe(1 + 3 + 2 + 2);
    expect((await audit.trail({ actor: admin.accountId })).length).toBe(3);
    expect(await audit.trail({ from: new Date('2030-01-01') })).toEqual([]);
    const csv = auditTrailCsv(await audit.trail({}));
    expect(csv.startsWith('\uFEFFDate;Auteur;Compte;Événement;Champ;Ancienne valeur;Nouvelle valeur\r\n')).toBe(true);
    expect(csv).not.toMatch(/secret|token-hash/);

    await models().expectSameAfterRebuild(s.last);
  });

  it('bounds a period on both ends, keeps the log order, limits, and labels system actors and renamed accounts', async () => {
    const s = new Scenario(models().events, '2025-03-01T10:00:00.000Z');
    const employer = await s.registerEmployer();
    const jean = await s.createAccount({ employerId: employer, lastName: 'Louty', firstName: 'Jean' });
    await s.account(jean.accountId, 'account.contact-details-changed',
      { changes: { lastName: { from: 'Louty', to: 'Loutý' } }, changedBy: s.actor('admin-0'), changedAt: s.now() }, { actor: jean.accountId });
    await s.account(jean.accountId, 'account.locked', { lockedAt: s.now(), reason: 'too-many-failed-sign-ins' }, { actor: 'system' });
    await models().catchUp(s.last);
    const audit = models().reader(auditTrailReaders);

    const all = await audit.trail({});
    expect(all.map((l) => l.occurredAt)).toEqual([...all.map((l) => l.occurredAt)].sort());
    expect((await audit.trail({ limit: 2 })).map((l) => l.eventId)).toEqual(all.slice(0, 2).map((l) => l.eventId));
    const renamed = all.find((l) => l.type === 'account.contact-details-changed')!;
    const locked = all.find((l) => l.type === 'account.locked')!;
    const types = async (from?: string, to?: string) =>
      (await audit.trail({ from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined })).map((l) => l.type);
    expect(await types(renamed.occurredAt, locked.occurredAt)).toEqual(['account.contact-details-changed', 'account.locked']);
    expect(await types(locked.occurredAt)).toEqual(['account.locked']);
    expect(await types(undefined, renamed.occurredAt)).not.toContain('account.locked');
    expect(locked).toMatchObject({ actor: 'system', actorLabel: 'Système', accountIdentifier: jean.identifier });
    expect(renamed.actorLabel).toBe(`${jean.identifier} (Jean Loutý)`);
  });

  it('finds employers by name (accents and case ignored) or SIRET, and names the accounts asked for', async () => {
    const s = new Scenario(models().events);
    const nantes = await s.registerEmployer({ name: 'CHRU DE NANTES' });
    const angers = await s.registerEmployer({ name: 'Mairie d’Angers' });
    const jean = await s.createAccount({ employerId: nantes, lastName: 'Louty', firstName: 'Jean' });
    await models().catchUp(s.last);
    const audit = models().reader(auditTrailReaders);

    expect((await audit.employers('chru de nan')).map((e) => e.employerId)).toEqual([nantes]);
    expect((await audit.employers('MAIRIE D’ANGERS')).map((e) => e.employerId)).toEqual([angers]);
    expect((await audit.employers('26440013')).map((e) => e.employerId).sort()).toEqual([nantes, angers].sort());
    expect(await audit.employers('inconnu')).toEqual([]);
    expect((await audit.employers()).map((e) => e.name)).toEqual(['CHRU DE NANTES', 'Mairie d’Angers']);
    expect(await audit.accounts([jean.accountId, 'ghost'])).toEqual([{ accountId: jean.accountId, employerId: nantes, identifier: jean.identifier, name: 'Jean Louty' }]);
    await models().expectSameAfterRebuild(s.last);
  });
});

describe.each(testDatabaseKinds())('audit-trail projection on %s', (kind) => {
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

      const readStore = await SqlReadStore.open(v1.db, [auditTrailProjection]);
      await new ProjectionRunner(auditTrailProjection, v1Store, readStore).catchUp(undefined, s.last);
      const audit = new SqlAuditTrailReader(v1.db);
      const lines = await audit.trail({ accountId: jean.accountId });
      expect(lines.map((l) => l.type)).toEqual(['account.created', 'account.password-invitation-issued']);
      expect((await audit.trail({})).map((l) => l.eventId)).not.toContain('old-line');
      expect((await new SqlReadStore(v1.db).checkpoint('audit-trail'))?.version).toBe(auditTrailProjection.version);
    } finally {
      await v1.destroy();
    }
  });
});
