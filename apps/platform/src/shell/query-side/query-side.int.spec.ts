import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SqlEventStore } from '@peps/event-store';
import { formatCheckpoint } from '@peps/read-store';
import { createReadStoreTestDatabase } from '@peps/read-store/testing';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { allProjections } from '@peps/projections';
import { Scenario } from '@peps/testing';
import type { AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { loadPlatformConfig } from '@peps/runtime';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { SqlDatabase } from '@peps/sql';
import { ProjectionsRuntimeModule } from '@peps/runtime';
import type { PlatformConfig } from '@peps/runtime';
import { HealthModule } from '@peps/runtime';
import { ErrorResponseFilter } from '../http/error-response.filter.js';
import { platformValidationPipe } from '../http/validation.js';
import { StorageModule } from '@peps/runtime';
import { ReadStoreModule } from '@peps/runtime';
import { accountQueries } from '../../accounts/accounts.module.js';
import { auditQueries } from '../../audit/audit.module.js';
import { drsQueries } from '../../drs/drs.module.js';

/** The read side of every area: its query controllers and handlers over the read models. */
@Module({
  imports: [ReadStoreModule],
  controllers: [accountQueries, drsQueries, auditQueries].flatMap((area) => area.controllers),
  providers: [accountQueries, drsQueries, auditQueries].flatMap((area) => area.providers),
})
class QuerySideModule {}

// Sessions and the global guard are the write side's (and tested there): this app holds only the read side, the
// storage and the background projections, with a test header standing for the signed-in actor.
@Module({})
class ReadSideTestModule {
  static forRoot(config: PlatformConfig, db: SqlDatabase): DynamicModule {
    return { module: ReadSideTestModule, imports: [CqrsModule.forRoot(), StorageModule.forRoot(config, { db }), HealthModule, QuerySideModule, ProjectionsRuntimeModule] };
  }
}

function actorFromHeader(req: FastifyRequest, _res: FastifyReply, done: () => void) {
  const raw = req.headers['x-test-actor'];
  if (typeof raw === 'string') (req as FastifyRequest & { actor?: AuthenticatedActor }).actor = JSON.parse(raw) as AuthenticatedActor;
  done();
}

describe.each(testDatabaseKinds())('query endpoints on %s', (kind) => {
  let t: TestDatabase;
  let app: NestFastifyApplication;
  let base: string;
  let s: Scenario;
  let nantes: string;
  let angers: string;
  let jean: { accountId: string; identifier: string };
  let lastWrite: string;

  beforeAll(async () => {
    t = await createReadStoreTestDatabase(kind, allProjections);
    s = new Scenario(new SqlEventStore(t.db));
    nantes = await s.registerEmployer({ name: 'CHRU DE NANTES' });
    angers = await s.registerEmployer({ name: 'CHU ANGERS' });
    await s.createAccount({ employerId: nantes, profile: 'administrator', lastName: 'Admin', firstName: 'Alice', by: 'drs-operator' });
    jean = await s.createAccount({ employerId: nantes, lastName: 'Louty', firstName: 'Jean' });
    await s.createAccount({ employerId: angers, lastName: 'Éloi', firstName: 'Marc' });
    const written = await s.account(jean.accountId, 'account.password-created', { tokenHash: 'tok-secret', passwordHash: '$argon2id$secret', createdAt: s.now() });
    lastWrite = formatCheckpoint(written.checkpoint);
    app = await NestFactory.create<NestFastifyApplication>(
      ReadSideTestModule.forRoot(loadPlatformConfig({ PEPS_DATA_DIR: '/tmp/peps-query-side-test', PEPS_DEMO: '0' }), t.db),
      new FastifyAdapter(),
      { logger: false },
    );
    app.getHttpAdapter().getInstance().addHook('onRequest', actorFromHeader);
    app.useGlobalFilters(new ErrorResponseFilter());
    app.useGlobalPipes(platformValidationPipe());
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await t.destroy();
  });

  const as = (actor: Partial<AuthenticatedActor>) => ({ 'x-test-actor': JSON.stringify({ accountId: 'x', identifier: 'X', sessionId: 's', displayName: 'X', roles: [], ...actor }) });
  const admin = () => as({ roles: ['administrator'], employerId: nantes });
  const drs = as({ roles: ['drs', 'auditor'] });
  const auditor = as({ roles: ['auditor'] });
  const get = (path: string, headers: Record<string, string>) => fetch(`${base}${path}`, { headers });

  it('lists the administrator’s own accounts once the write is projected, and all of them for the DRS', async () => {
    const response = await get(`/api/accounts?search=LOUTY&minPosition=${lastWrite}`, admin());
    expect(response.status).toBe(200);
    const page = await response.json();
    expect(page).toMatchObject({ total: 1, page: 1, pageSize: 50 });
    expect(page.items[0]).toMatchObject({ identifier: jean.identifier, status: 'active' });
    expect((await (await get('/api/accounts?search=eloi', admin())).json()).total).toBe(0);
    expect((await (await get('/api/accounts?search=eloi', drs)).json()).total).toBe(1);
    expect((await (await get(`/api/accounts?employerId=${angers}`, drs)).json()).total).toBe(1);
  });

  it('refuses bad query parameters with French field errors', async () => {
    const response = await get('/api/accounts?pageSize=500&status=nope', admin());
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['pageSize', 'status']);
    expect(body.errors[0].message).toMatch(/[éà]|ne peut|doit/);
    expect((await get('/api/accounts?minPosition=abc', admin())).status).toBe(400);
  });

  it('serves the rights matrix as JSON or CSV, and 404 outside the employer', async () => {
    const json = await (await get(`/api/establishments/${nantes}/rights-matrix?minPosition=${lastWrite}`, admin())).json();
    expect(json.accounts.map((a: { lastName: string }) => a.lastName)).toEqual(['Admin', 'Louty']);
    const csv = await get(`/api/establishments/${nantes}/rights-matrix`, { ...auditor, accept: 'text/csv' });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const text = Buffer.from(await csv.arrayBuffer()).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain('Identifiant;Nom;Prénom;Profil;');
    expect((await get(`/api/establishments/${angers}/rights-matrix`, admin())).status).toBe(404);
  });

  it('gives the DRS the administrator registrations and letters', async () => {
    const body = await (await get(`/api/drs/administrator-registrations?status=active&minPosition=${lastWrite}`, drs)).json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ lastName: 'Admin', employerName: 'CHRU DE NANTES', employerHasAdministrator: true });
    expect((await get('/api/drs/administrator-registrations?status=bad', drs)).status).toBe(400);
    expect((await (await get('/api/letters', drs)).json()).items).toEqual([]);
  });

  it('shows history and past state without secrets, verifies the chain, and exports the audit trail', async () => {
    const history = await get(`/api/accounts/${jean.accountId}/history`, admin());
    expect(history.status).toBe(200);
    const text = await history.text();
    expect(JSON.parse(text).entries.map((e: { type: string }) => e.type)).toEqual(['account.created', 'account.password-invitation-issued', 'account.password-created']);
    expect(text).not.toMatch(/secret|token-hash/);
    const created = JSON.parse(text).entries[0].occurredAt as string;
    expect((await get(`/api/accounts/${jean.accountId}/history`, as({ roles: ['administrator'], employerId: angers }))).status).toBe(404);

    const then = await (await get(`/api/accounts/${jean.accountId}/state?at=${encodeURIComponent(created)}`, auditor)).json();
    expect(then).toMatchObject({ status: 'invited', hasPassword: false, version: 2 });
    expect(JSON.stringify(then)).not.toMatch(/secret|token-hash|passwordHash/);
    expect((await get(`/api/accounts/${jean.accountId}/state?at=2000-01-01T00:00:00Z`, auditor)).status).toBe(404);
    expect((await get(`/api/accounts/${jean.accountId}/state?at=hier`, auditor)).status).toBe(400);

    expect(await (await get('/api/audit/verify', auditor)).json()).toMatchObject({ ok: true, streamsChecked: 5 });
    const trail = await get(`/api/audit/trail?accountId=${jean.accountId}&minPosition=${lastWrite}`, { ...auditor, accept: 'text/csv' });
    const csv = await trail.text();
    expect(csv).toContain('Mot de passe créé par le titulaire');
    expect(csv).not.toMatch(/secret/);
  });
});
