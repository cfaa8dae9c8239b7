import { migrate, type SqlDatabase } from '@peps/sql';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { IdempotencyConflictError, InvalidReadArgumentError, WrongExpectedVersionError } from '../errors.js';
import { START } from '../event-store.port.js';
import { createEventStoreTestDatabase } from '../testing/event-store-test-database.js';
import { newEvent, newEvents } from '../testing/new-events.js';
import { eventStoreMigrations } from './event-store-migrations.js';
import { SqlEventStore } from './sql-event-store.js';

/** SQL-specific sides of issue 16 item 5 (the contract suite holds what every adapter answers). */
describe.each(testDatabaseKinds())('SQL event store, retries and read arguments on %s', (kind) => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let statements: string[];

  /** The store's own database, recording every statement it is sent. */
  function recording(db: SqlDatabase): SqlDatabase {
    return new Proxy(db, {
      get(target, property, receiver) {
        if (property === 'query') {
          return (text: string, ...rest: unknown[]) => {
            statements.push(text);
            return (target.query as (...args: unknown[]) => unknown).call(target, text, ...rest);
          };
        }
        const value = Reflect.get(target, property, receiver) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  beforeEach(async () => {
    statements = [];
    database = await createEventStoreTestDatabase(kind);
    store = new SqlEventStore(recording(database.db), { pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('refuses bad read arguments before sending any statement (a version of 2^64 used to reach PostgreSQL)', async () => {
    const refused = [
      store.readStream('account-1', { fromVersion: 2 ** 64 }),
      store.readStream('account-1', { limit: 0 }),
      store.readStream('account-1', { upTo: new Date(Number.NaN) }),
      store.readAll({ after: { transactionId: 2n ** 64n, position: 0n } }),
      store.readAll({ limit: -3 }),
      store.readAllBelowHorizon({ limit: 1.5 }),
      store.countAfter(START, 0),
    ];
    for (const reading of refused) await expect(reading).rejects.toBeInstanceOf(InvalidReadArgumentError);
    expect(() => store.subscribe({ onEvents: async () => undefined, batchSize: -1 })).toThrow(InvalidReadArgumentError);
    expect(statements).toEqual([]);
  });

  it('an expected version beyond the integer column is a WrongExpectedVersion with the actual version, not a SQL error', async () => {
    await store.append('account-2', newEvents(2), { expectedVersion: 'no-stream' });
    const refused = await store.append('account-2', newEvents(1), { expectedVersion: 2 ** 31 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WrongExpectedVersionError);
    expect(refused).toMatchObject({ stream: 'account-2', expected: 2 ** 31, actual: 2 });
  });

  // All or nothing: one stream's events recorded and another's not cannot be a retry of an atomic append.
  it('a multi-stream call of which one stream is a retry and another is new: a conflict, nothing written', async () => {
    const a = newEvents(1);
    await store.appendMany([{ stream: 'account-3', events: a, expectedVersion: 'no-stream' }]);
    await store.append('employer-3', newEvents(1), { expectedVersion: 'no-stream' });
    const refused = await store
      .appendMany([
        { stream: 'account-3', events: a, expectedVersion: 'no-stream' },
        { stream: 'employer-3', events: newEvents(1), expectedVersion: 1 },
      ])
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IdempotencyConflictError);
    expect(refused).toMatchObject({ stream: 'account-3', expected: 'no-stream', actual: 1, eventId: a[0].id });
    expect(await store.streamVersion('employer-3')).toBe(1);
  });

  it('ids of two streams swapped in a retry: a conflict naming where they are', async () => {
    const a = newEvents(1);
    const b = newEvents(1);
    await store.appendMany([
      { stream: 'account-4', events: a, expectedVersion: 'no-stream' },
      { stream: 'employer-4', events: b, expectedVersion: 'no-stream' },
    ]);
    const refused = await store
      .appendMany([
        { stream: 'account-4', events: b, expectedVersion: 'any' },
        { stream: 'employer-4', events: a, expectedVersion: 'any' },
      ])
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(IdempotencyConflictError);
    expect((refused as Error).message).toContain(`event ${b[0].id} is recorded on stream employer-4`);
  });

  it('a retry of events recorded by two appends, in their order, is the union of both', async () => {
    const [first, second] = [newEvent(), newEvent()];
    await store.append('account-5', [first], { expectedVersion: 'no-stream' });
    const later = await store.append('account-5', [second], { expectedVersion: 1 });
    expect(await store.append('account-5', [first, second], { expectedVersion: 'no-stream' })).toEqual({ ...later, alreadyAppended: true });
    await expect(store.append('account-5', [second, first], { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(IdempotencyConflictError);
  });
});

describe.each(testDatabaseKinds())('event-store migration 5 over a database at version 4, on %s', (kind) => {
  it('redefines the retry rule for the events already recorded', async () => {
    const database = await createTestDatabase(
      kind,
      (db) => migrate(db, 'event-store', eventStoreMigrations.slice(0, 4)).then(() => undefined),
      `event-store-v4:${eventStoreMigrations.length}`,
    );
    try {
      const before = new SqlEventStore(database.db);
      const events = newEvents(2);
      await before.append('account-6', newEvents(1), { expectedVersion: 'no-stream' });
      const first = await before.append('account-6', events, { expectedVersion: 1 });
      // Version 4's rule: the ids are there, so any expected version was answered with the original result.
      await expect(before.append('account-6', events, { expectedVersion: 3 })).resolves.toMatchObject({ alreadyAppended: true });
      expect(await migrate(database.db, 'event-store', eventStoreMigrations)).toEqual([5]);
      const after = new SqlEventStore(database.db);
      await expect(after.append('account-6', events, { expectedVersion: 3 })).rejects.toMatchObject({ name: 'WrongExpectedVersionError', actual: 3 });
      expect(await after.append('account-6', events, { expectedVersion: 1 })).toEqual({ ...first, alreadyAppended: true });
    } finally {
      await database.destroy();
    }
  }, 120_000); // a database built from the first migrations, no template: slow on a loaded machine
});
