import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { ERASED_VALUE, eventSchemaVersions, isEventType } from '@peps/domain';
import { START, type Checkpoint, type EventStore } from '@peps/event-store';
import { accountListReaders } from '@peps/account-list';
import { administratorRegistrationsReaders } from '@peps/administrator-registrations';
import { auditTrailReaders } from '@peps/audit-trail';
import { ProjectionRunner } from '@peps/read-store';
import { readerContract } from '@peps/read-store/testing';
import { allMongoMappings, allProjections } from './index.js';
import { accountLife, distinctiveValues, employerId, erasedId, keptId, readAfterErasure, type LifeEvent } from './testing/erasure-life.js';

/** The log as the sealing store reads it once the erased account's key is destroyed (what a rebuild then sees). */
function readingErased(store: EventStore): EventStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      if (property === 'readAll') {
        return async (...args: Parameters<EventStore['readAll']>) =>
          (await target.readAll(...args)).map((e) => ({ ...e, data: readAfterErasure(e.type, e.data as Record<string, unknown>, erasedId) }));
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

// Every read model migrated, fed and rebuilt twice on one machine shared by several suites.
jest.setTimeout(120_000);

const personal = new RegExp(distinctiveValues.join('|'));

readerContract('every read model after a personal-data erasure', { projections: allProjections, mappings: allMongoMappings }, (models) => {
  it('given an account’s life then its erasure, the live read models equal those rebuilt from the erased log, and say so', async () => {
    const store = models().events;
    let last: Checkpoint = START;
    const append = async (e: LifeEvent) => {
      const schemaVersion = isEventType(e.type) ? eventSchemaVersions[e.type] : 1;
      const metadata = { actor: e.actor, correlationId: randomUUID(), occurredAt: new Date().toISOString() };
      last = (await store.append(e.stream, [{ id: randomUUID(), type: e.type, schemaVersion, data: e.data, metadata }], { expectedVersion: 'any' })).checkpoint;
    };
    const life = accountLife();
    // The life is projected first, the erasure in a later batch: it rewrites what is already stored.
    for (const event of life.slice(0, -1)) await append(event);
    await models().catchUp(last);
    const audit = models().reader(auditTrailReaders);
    expect(JSON.stringify(await audit.trail({ accountId: erasedId }))).toMatch(personal);
    await append(life[life.length - 1]);
    await models().catchUp(last);

    const trail = await audit.trail({ accountId: erasedId });
    expect(JSON.stringify(trail)).not.toMatch(personal);
    // Every line stays, the erasure's own included.
    expect(trail.map((line) => line.type)).toEqual(life.filter((e) => e.data.accountId === erasedId).map((e) => e.type));
    expect(trail.find((line) => line.type === 'account.created')).toMatchObject({
      summary: `Compte OZE000002 créé (Utilisateur) pour ${ERASED_VALUE} ${ERASED_VALUE}`,
      changes: expect.arrayContaining([{ field: 'email', label: 'Courriel', from: null, to: ERASED_VALUE }]),
    });
    expect(trail[trail.length - 1]).toMatchObject({ summary: 'Données personnelles effacées (motif : Durée de conservation échue)', changes: [] });
    expect((await audit.trail({ accountId: keptId })).map((line) => line.summary)).toContain('Coordonnées modifiées');
    expect(await audit.accounts([erasedId])).toEqual([{ accountId: erasedId, employerId, identifier: 'OZE000002', name: `${ERASED_VALUE} ${ERASED_VALUE}` }]);
    const accounts = models().reader(accountListReaders);
    expect(await accounts.findByIdentifier('OZE000002')).toMatchObject({ lastName: ERASED_VALUE, firstName: ERASED_VALUE, email: ERASED_VALUE, status: 'closed' });
    expect((await accounts.list({ search: 'ondine', status: 'closed' })).total).toBe(0);
    expect((await accounts.list({ search: 'donnee effacee', status: 'closed' })).items.map((i) => i.accountId)).toEqual([erasedId]);
    const [registration] = await models().reader(administratorRegistrationsReaders).list();
    expect(registration).toMatchObject({ accountId: erasedId, lastName: ERASED_VALUE, email: ERASED_VALUE, accountClosed: true });

    const live = await models().digest();
    const erasedLog = readingErased(store);
    for (const projection of allProjections) await new ProjectionRunner(projection, erasedLog, models().readStore).rebuild(undefined, last);
    expect(await models().digest()).toEqual(live);
  });
});
