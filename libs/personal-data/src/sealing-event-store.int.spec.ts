import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import type { EventStore, NewEvent } from '@peps/event-store';
import { eventStoreMigrations, SqlEventStore } from '@peps/event-store';
import { eventStoreContract } from '@peps/event-store/testing';
import { migrate } from '@peps/sql';
import { createTestDatabase, testDatabaseKinds, type TestDatabase, type TestDatabaseKind } from '@peps/sql/testing';
import { connectionKeyOf, firstKeptPeriod, SOURCE_ADDRESS_PURPOSE } from './connection-keys.js';
import { KeyVault } from './key-vault.js';
import { masterKeyOf } from './master-key.js';
import { personalDataMigrations } from './migrations.js';
import { SealingEventStore, type PersonalFieldMap } from './sealing-event-store.js';

const ERASED = 'donnée effacée';
/** A map in the domain's shape: a person's names, address (lines) and changes under `*`. */
const map: PersonalFieldMap = {
  fieldsOf: (type) =>
    ({
      'person.created': { subject: 'personId', fields: [{ path: ['lastName'], shape: 'text' }, { path: ['email'], shape: 'text' }, { path: ['address'], shape: 'lines' }, { path: ['phone'], shape: 'text' }] },
      'person.changed': { subject: 'personId', fields: [{ path: ['changes', '*', 'to'], shape: 'text' }] },
      'person.trusted': { subject: 'personId', fields: [{ path: ['label'], shape: 'text', key: 'connection' as const }, { path: ['name'], shape: 'text' }] },
    })[type],
  erased: (shape) => (shape === 'lines' ? [ERASED] : ERASED),
};

const master = masterKeyOf(randomBytes(32));

function openDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  return createTestDatabase(
    kind,
    async (db) => {
      await migrate(db, 'event-store', eventStoreMigrations);
      await migrate(db, 'personal-data', personalDataMigrations);
    },
    'event-store+personal-data',
  );
}

function event(type: string, data: unknown, metadata: Partial<NewEvent['metadata']> = {}): NewEvent {
  return { id: randomUUID(), type, schemaVersion: 1, data, metadata: { actor: 'anonymous', correlationId: randomUUID(), occurredAt: '2026-12-02T09:00:00.000Z', ...metadata } };
}

// Sealing changes nothing a reader of the port can see: the whole contract holds around it. The decorator does not
// depend on the engine below, so one engine runs it: PostgreSQL when DATABASE_URL is set, else PGlite.
for (const kind of testDatabaseKinds().slice(-1)) {
  eventStoreContract(`sealing event store contract on ${kind}`, async () => {
    const database = await openDatabase(kind);
    const seal = (db: TestDatabase['db']) => new SealingEventStore(new SqlEventStore(db, { pollIntervalMs: 50 }), new KeyVault(db, [master]), map);
    const store = seal(database.db);
    return { store, connectAgain: () => (kind === 'postgres' ? seal(database.connectAgain()) : store), destroy: () => database.destroy() };
  });
}

describe.each(testDatabaseKinds())('sealing event store on %s', (kind) => {
  let database: TestDatabase;
  let vault: KeyVault;
  let store: EventStore;
  const at = new Date('2026-12-02T10:00:00.000Z');
  const person = randomUUID();
  const stream = `person-${person}`;
  const created = () =>
    event('person.created', { personId: person, lastName: 'Louty', email: 'jean.louty@chu-nantes.fr', address: ['Service RH', '5 allée de l’Île Gloriette'], phone: null }, { actor: person, sourceAddress: '203.0.113.77' });

  beforeEach(async () => {
    database = await openDatabase(kind);
    vault = new KeyVault(database.db, [master], { cacheMs: 0 });
    store = new SealingEventStore(new SqlEventStore(database.db), vault, map);
  });
  afterEach(() => database.destroy());

  const storedText = async () => (await database.db.query<{ t: string }>('select (data::text || metadata::text) as t from es.events')).rows.map((r) => r.t).join('\n');

  it('given personal values, when appended, then the table holds none of them in clear and a reader gets them back as written', async () => {
    const written = created();
    await store.append(stream, [written], { expectedVersion: 'no-stream' });
    const text = await storedText();
    for (const clear of ['Louty', 'jean.louty', 'Gloriette', '203.0.113.77']) expect(text).not.toContain(clear);
    const [read] = await store.readStream(stream);
    expect(read!.data).toEqual(written.data);
    expect(read!.metadata.sourceAddress).toBe('203.0.113.77');
    expect((await store.readAll())[0]!.data).toEqual(written.data);
  });

  it('given a change under a `*` path, when read, then every key of it opens', async () => {
    const changed = event('person.changed', { personId: person, changes: { lastName: { from: null, to: 'Durand' }, email: { from: null, to: 'd@x.fr' } } });
    await store.append(stream, [changed], { expectedVersion: 'no-stream' });
    expect(await storedText()).not.toContain('Durand');
    expect((await store.readStream(stream))[0]!.data).toEqual(changed.data);
  });

  it("given the person's key destroyed, when read, then each value reads « donnée effacée » in its shape, the rest stays, and the chain still verifies", async () => {
    await store.append(stream, [created(), event('person.renamed-nothing', { personId: person, count: 3 })], { expectedVersion: 'no-stream' });
    expect(await vault.destroy(person, at)).toBe(true);
    const [first, second] = await store.readStream(stream);
    expect(first!.data).toEqual({ personId: person, lastName: ERASED, email: ERASED, address: [ERASED], phone: null });
    // The connection key of the person's own requests went with them.
    expect(first!.metadata.sourceAddress).toBe(ERASED);
    expect(second!.data).toEqual({ personId: person, count: 3 });
    expect(await store.verify()).toMatchObject({ ok: true, eventsChecked: 2 });
  });

  it('given an erased person, when something about them is appended later, then their values are written erased and their address not at all', async () => {
    await vault.destroy(person, at);
    await store.append(stream, [created()], { expectedVersion: 'no-stream' });
    const [read] = await store.readStream(stream);
    expect(read!.data).toMatchObject({ lastName: ERASED, address: [ERASED] });
    expect(read!.metadata.sourceAddress).toBeUndefined();
    expect(await storedText()).not.toContain('Louty');
  });

  it("given connection keys of two months, when retention destroys the older month, then only that month's addresses read erased and the names stay", async () => {
    const november = { ...created(), metadata: { ...created().metadata, occurredAt: '2026-11-20T08:00:00.000Z' } };
    const december = event('person.changed', { personId: person, changes: {} }, { actor: person, sourceAddress: '198.51.100.4' });
    await store.append(stream, [november, december], { expectedVersion: 'no-stream' });
    expect(await vault.destroyPeriodsBefore(SOURCE_ADDRESS_PURPOSE, firstKeptPeriod(new Date('2027-12-15T00:00:00Z'), 12), at)).toBe(1);
    const [old, recent] = await store.readStream(stream);
    expect(old!.metadata.sourceAddress).toBe(ERASED);
    expect(old!.data).toMatchObject({ lastName: 'Louty' });
    expect(recent!.metadata.sourceAddress).toBe('198.51.100.4');
  });

  it("given connection data in an event's data, when retention destroys its month, then it reads erased while the person's own values stay", async () => {
    const trusted = event('person.trusted', { personId: person, label: 'Firefox sous Linux', name: 'Poste du bureau' }, { occurredAt: '2026-11-03T08:00:00.000Z' });
    await store.append(stream, [trusted], { expectedVersion: 'no-stream' });
    expect(await storedText()).not.toContain('Firefox');
    expect((await store.readStream(stream))[0]!.data).toEqual(trusted.data);
    await vault.destroyPeriodsBefore(SOURCE_ADDRESS_PURPOSE, '2026-12', at);
    expect((await store.readStream(stream))[0]!.data).toEqual({ personId: person, label: ERASED, name: 'Poste du bureau' });
    await vault.destroy(person, at);
    expect((await store.readStream(stream))[0]!.data).toEqual({ personId: person, label: ERASED, name: ERASED });
  });

  it('given a request without an account author, when sealed, then its address goes under the month key of the account the event is about', async () => {
    await store.append(stream, [event('person.created', { personId: person, lastName: 'L' }, { actor: 'anonymous', sourceAddress: '192.0.2.1' })], { expectedVersion: 'no-stream' });
    const { rows } = await database.db.query<{ owner_id: string; purpose: string; period: string }>(
      'select owner_id::text, purpose, period from pd.subject_keys where subject_id = $1',
      [connectionKeyOf(person, '2026-12-02T09:00:00.000Z').subjectId],
    );
    expect(rows).toEqual([{ owner_id: person, purpose: SOURCE_ADDRESS_PURPOSE, period: '2026-12' }]);
  });

  it('given the keys of the appends in memory, then sealing looks none up; given none, one look-up serves every key of an appendMany', async () => {
    const keyStatements = (calls: unknown[][]) => calls.filter(([sql]) => String(sql).includes('pd.subject_keys'));
    const warm = new KeyVault(database.db, [master]);
    const sealing = new SealingEventStore(new SqlEventStore(database.db), warm, map);
    const [first, second] = [randomUUID(), randomUUID()];
    const change = (personId: string) => event('person.changed', { personId, changes: { email: { to: `${personId}@chu.fr` } } }, { actor: personId, sourceAddress: '203.0.113.9' });
    // Their own keys and month keys exist (created by another process): this one has none in memory.
    await store.append(`person-${first}`, [change(first)], { expectedVersion: 'no-stream' });
    await store.append(`person-${second}`, [change(second)], { expectedVersion: 'no-stream' });
    const statements = jest.spyOn(database.db, 'query');
    await sealing.appendMany([
      { stream: `person-${first}`, events: [change(first)], expectedVersion: 1 },
      { stream: `person-${second}`, events: [change(second)], expectedVersion: 1 },
    ]);
    expect(keyStatements(statements.mock.calls)).toHaveLength(1);
    statements.mockClear();
    await sealing.append(`person-${first}`, [change(first)], { expectedVersion: 2 });
    expect(keyStatements(statements.mock.calls)).toHaveLength(0);
    statements.mockRestore();
    expect((await sealing.readStream(`person-${first}`)).map((e) => e.data)).toEqual([1, 2, 3].map(() => change(first).data));
  });
});
