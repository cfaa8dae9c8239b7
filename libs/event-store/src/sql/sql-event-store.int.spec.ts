import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { compareCheckpoints, START, type Checkpoint } from '../event-store.port.js';
import { eventStoreContract } from '../testing/event-store-contract.js';
import { createEventStoreTestDatabase } from '../testing/event-store-test-database.js';
import { newEvent, newEvents } from '../testing/new-events.js';
import { IdempotencyConflictError, WrongExpectedVersionError } from '../errors.js';
import { contentHash } from '../canonical-json.js';
import { READ_HORIZON_SQL, SqlEventStore } from './sql-event-store.js';
import { collectEvents, readAllCommitted, until } from '../testing/subscription-helpers.js';

/** Counts the store's reads below the horizon (what its subscriptions read through). */
function countReads(store: SqlEventStore): { reads: number } {
  const counted = { reads: 0 };
  const read = store.readAllBelowHorizon.bind(store);
  store.readAllBelowHorizon = (options) => {
    counted.reads++;
    return read(options);
  };
  return counted;
}

for (const kind of testDatabaseKinds()) {
  eventStoreContract(`SQL event store contract on ${kind}`, async () => {
    const database = await createEventStoreTestDatabase(kind);
    const store = new SqlEventStore(database.db, { pollIntervalMs: 50 });
    return {
      store,
      // PGlite has one session: "another connection" is the same store there.
      connectAgain: () => (kind === 'postgres' ? new SqlEventStore(database.connectAgain()) : store),
      destroy: () => database.destroy(),
    };
  });
}

describe.each(testDatabaseKinds())('SQL event store, SQL-specific behaviour on %s', (kind) => {
  let database: TestDatabase;
  let store: SqlEventStore;

  beforeEach(async () => {
    database = await createEventStoreTestDatabase(kind);
    store = new SqlEventStore(database.db, { pollIntervalMs: 50 });
  });
  afterEach(async () => {
    await database.destroy();
  });

  // PGlite has one session, so no transaction can stay open while another commits: this race needs a server.
  if (kind === 'postgres') {
    describe('subscriptions', () => {
      const collect = (after?: Checkpoint) => collectEvents(store, after);

      it('delivers an event whose transaction began first and committed last', async () => {
        const tail = collect();
        let commitSlow!: () => void;
        const slowMayCommit = new Promise<void>((resolve) => (commitSlow = resolve));
        let slowAppended!: () => void;
        const slowHasAppended = new Promise<void>((resolve) => (slowAppended = resolve));
        const slowId = randomUUID();
        const slow = database.db.transaction(async (tx) => {
          const event = { ...newEvent('test.slow'), id: slowId };
          const payload = [{ stream: 'slow-1', expected: 'any', events: [{ ...event, contentHash: 'x' }] }];
          await tx.query('select es.append($1::jsonb)', [JSON.stringify(payload)]);
          slowAppended();
          await slowMayCommit;
        });
        await slowHasAppended;
        const fast = new SqlEventStore(database.connectAgain());
        await fast.append('fast-1', newEvents(5), { expectedVersion: 'any' });
        await new Promise((r) => setTimeout(r, 300));
        // The fast events committed, but sit after the slow transaction's id: not delivered yet, not skipped.
        expect(tail.received.filter((e) => e.stream === 'fast-1')).toHaveLength(0);
        commitSlow();
        await slow;
        await until(() => tail.received.length === 6);
        await tail.subscription.stop();
        expect(tail.received[0].id).toBe(slowId);
        expect(tail.received.slice(1).map((e) => e.stream)).toEqual(Array(5).fill('fast-1'));
      });

      it('a transaction running in another database of the server does not hold delivery back', async () => {
        // Transaction ids are server-wide: this one sits below every id our appends get, in the server's own database.
        const elsewhere = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await elsewhere.connect();
        const tail = collect();
        try {
          await elsewhere.query('begin');
          await elsewhere.query('select pg_current_xact_id()');
          await store.append('while-elsewhere-1', newEvents(3), { expectedVersion: 'no-stream' });
          // Read at once (no committedHead wait): the running transaction elsewhere cannot add events here.
          expect((await store.readAll()).map((e) => e.stream)).toEqual(Array(3).fill('while-elsewhere-1'));
          expect(compareCheckpoints(await store.head(), await store.committedHead())).toBe(0);
          await expect(store.countAfter(START)).resolves.toBe(3);
          await until(() => tail.received.length === 3, 2_000);
        } finally {
          await tail.subscription.stop();
          await elsewhere.query('rollback').catch(() => undefined);
          await elsewhere.end();
        }
      });

      it('a filtered subscription skips ahead past non-matching events, yet not past a transaction still running', async () => {
        const received: string[] = [];
        const subscription = store.subscribe({
          eventTypes: ['test.wanted'],
          batchSize: 10,
          onEvents: async (events) => void received.push(...events.map((e) => e.stream)),
        });
        // Many events the filter does not want, then one it wants.
        for (let i = 0; i < 5; i++) await store.append(`noise-${i}`, newEvents(30), { expectedVersion: 'no-stream' });
        await store.append('wanted-1', [newEvent('test.wanted')], { expectedVersion: 'no-stream' });
        await until(() => received.length === 1);

        let commitSlow!: () => void;
        const slowMayCommit = new Promise<void>((resolve) => (commitSlow = resolve));
        let slowAppended!: () => void;
        const slowHasAppended = new Promise<void>((resolve) => (slowAppended = resolve));
        const slow = database.db.transaction(async (tx) => {
          const payload = [{ stream: 'wanted-slow', expected: 'any', events: [{ ...newEvent('test.wanted'), contentHash: 'x' }] }];
          await tx.query('select es.append($1::jsonb)', [JSON.stringify(payload)]);
          slowAppended();
          await slowMayCommit;
        });
        await slowHasAppended;
        const fast = new SqlEventStore(database.connectAgain());
        for (let i = 5; i < 8; i++) await fast.append(`noise-${i}`, newEvents(30), { expectedVersion: 'no-stream' });
        await fast.append('wanted-2', [newEvent('test.wanted')], { expectedVersion: 'no-stream' });
        await new Promise((r) => setTimeout(r, 300));
        expect(received).toEqual(['wanted-1']);
        commitSlow();
        await slow;
        await until(() => received.length === 3);
        await subscription.stop();
        expect(received).toEqual(['wanted-1', 'wanted-slow', 'wanted-2']);
      });
    });
  }

  describe('countAfter', () => {
    it('counts the events after a checkpoint, of the given types if any, up to the cap', async () => {
      await store.append('count-1', [newEvent('test.a'), newEvent('test.b'), newEvent('test.a')], { expectedVersion: 'no-stream' });
      const written = await store.append('count-2', [newEvent('test.a'), newEvent('test.c')], { expectedVersion: 'no-stream' });
      await readAllCommitted(store);
      await expect(store.countAfter(START)).resolves.toBe(5);
      await expect(store.countAfter(START, 1_000, ['test.a'])).resolves.toBe(3);
      await expect(store.countAfter(START, 1_000, ['test.b', 'test.c'])).resolves.toBe(2);
      await expect(store.countAfter(START, 2, ['test.a'])).resolves.toBe(2);
      await expect(store.countAfter(START, 1_000, [])).resolves.toBe(5);
      await expect(store.countAfter(written.checkpoint, 1_000, ['test.a'])).resolves.toBe(0);
    });
  });

  describe('horizon', () => {
    it('a reader inside a transaction that has appended does not read its own uncommitted events', async () => {
      await store.append('before-1', newEvents(2), { expectedVersion: 'no-stream' });
      await database.db.transaction(async (tx) => {
        const payload = [{ stream: 'own-1', expected: 'any', events: [{ ...newEvent('test.own'), contentHash: 'x' }] }];
        await tx.query('select es.append($1::jsonb)', [JSON.stringify(payload)]);
        // A later transaction commits meanwhile (a server has other sessions): the snapshot's xmax moves past ours.
        if (kind === 'postgres') await new SqlEventStore(database.connectAgain()).append('after-1', newEvents(1), { expectedVersion: 'no-stream' });
        const { rows } = await tx.query<{ streams: string[] | null }>(
          `select array_agg(stream_name order by position) as streams from es.events where transaction_id < ${READ_HORIZON_SQL}`,
        );
        expect(rows[0].streams).toEqual(['before-1', 'before-1']);
      });
      const streams = (await readAllCommitted(store)).map((e) => e.stream);
      expect(streams).toEqual(kind === 'postgres' ? ['before-1', 'before-1', 'own-1', 'after-1'] : ['before-1', 'before-1', 'own-1']);
    });
  });

  describe('subscription reads', () => {
    it('reads once per announced commit, not again and again after consuming it', async () => {
      const quiet = new SqlEventStore(database.db, { pollIntervalMs: 60_000 });
      const counted = countReads(quiet);
      const tail = collectEvents(quiet);
      await until(() => counted.reads >= 1);
      await quiet.append('account-60', newEvents(2), { expectedVersion: 'no-stream' });
      await until(() => tail.received.length === 2);
      const afterDelivery = counted.reads;
      // Before, an empty read after every delivery set off six quick re-reads (10 to 320 ms apart).
      await new Promise((resolve) => setTimeout(resolve, 700));
      await tail.subscription.stop();
      expect(counted.reads - afterDelivery).toBeLessThanOrEqual(1);
    });
  });

  describe('shared subscription reads', () => {
    it('subscribers of one store woken by a commit read it in one statement, each with its own filter', async () => {
      const shared = new SqlEventStore(database.db, { pollIntervalMs: 60_000 });
      const counted = countReads(shared);
      const head = await shared.committedHead!();
      const received = { accounts: [] as string[], signIns: [] as string[], all: [] as string[] };
      const subscribe = (into: string[], filter: { categories?: string[]; eventTypes?: string[] }) =>
        shared.subscribe({ after: head, ...filter, onEvents: async (events) => void into.push(...events.map((e) => e.type)) });
      const subscriptions = [
        subscribe(received.accounts, { categories: ['account'] }),
        subscribe(received.signIns, { eventTypes: ['test.signed-in'] }),
        subscribe(received.all, {}),
      ];
      await until(() => counted.reads >= 1);
      await new Promise((resolve) => setTimeout(resolve, 100)); // all three asleep after their first reads
      const asleep = counted.reads;
      await shared.appendMany([
        { stream: 'account-80', events: [newEvent('test.signed-in')], expectedVersion: 'no-stream' },
        { stream: 'employer-80', events: [newEvent('test.registered')], expectedVersion: 'no-stream' },
      ]);
      await until(() => received.all.length === 2 && received.accounts.length === 1 && received.signIns.length === 1);
      await Promise.all(subscriptions.map((subscription) => subscription.stop()));
      expect(received).toEqual({ accounts: ['test.signed-in'], signIns: ['test.signed-in'], all: ['test.signed-in', 'test.registered'] });
      expect(counted.reads - asleep).toBe(1);
    });
  });

  describe('subscription batches', () => {
    it('a subscriber woken by a commit waits a moment and takes the commits that follow in the same batch', async () => {
      const gathering = new SqlEventStore(database.db, { pollIntervalMs: 60_000, gatherMs: 150 });
      const batches: number[] = [];
      const counted = countReads(gathering);
      const subscription = gathering.subscribe({ batchSize: 100, onEvents: async (events) => void batches.push(events.length) });
      await until(() => counted.reads >= 1);
      await new Promise((resolve) => setTimeout(resolve, 50)); // asleep, after its first (empty) read
      for (let i = 0; i < 5; i++) await gathering.append(`account-7${i}`, newEvents(1), { expectedVersion: 'no-stream' });
      await until(() => batches.reduce((a, b) => a + b, 0) === 5);
      await subscription.stop();
      expect(batches).toEqual([5]);
    });
  });

  describe('idempotency', () => {
    // Event ids are unique across the whole log here (KurrentDB only checks them per stream).
    it('an event id already recorded on another stream is a conflict and nothing of the call is written', async () => {
      const recorded = newEvents(1);
      await store.append('account-53', recorded, { expectedVersion: 'no-stream' });
      await expect(
        store.appendMany([
          { stream: 'account-54', events: newEvents(1), expectedVersion: 'no-stream' },
          { stream: 'account-55', events: recorded, expectedVersion: 'any' },
        ]),
      ).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store.readStream('account-54')).toEqual([]);
      expect(await store.readStream('account-55')).toEqual([]);
    });
  });

  describe('new streams (appended without lock or look-up)', () => {
    it('an event id already recorded on another stream is a conflict, not a retry', async () => {
      const recorded = newEvents(1);
      await store.append('account-56', recorded, { expectedVersion: 'no-stream' });
      await expect(store.append('account-57', recorded, { expectedVersion: 'no-stream' })).rejects.toBeInstanceOf(IdempotencyConflictError);
      await expect(store.append('account-57', recorded, { expectedVersion: 'any' })).rejects.toBeInstanceOf(IdempotencyConflictError);
      expect(await store.readStream('account-57')).toEqual([]);
      expect(await store.streamVersion('account-57')).toBe(0);
    });

    it('no-stream on an existing stream is refused with its actual version, and writes nothing', async () => {
      await store.append('account-58', newEvents(2), { expectedVersion: 'any' });
      const refused = await store.append('account-58', newEvents(1), { expectedVersion: 'no-stream' }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(WrongExpectedVersionError);
      expect(refused).toMatchObject({ stream: 'account-58', expected: 'no-stream', actual: 2 });
      expect(await store.readStream('account-58')).toHaveLength(2);
    });

    if (kind === 'postgres') {
      it('a writer that looked while the stream was being created tries again and lands after it', async () => {
        // The creator's transaction is held open on another connection: the 'any' append finds no stream, its
        // insert waits on the creator's, and collides once the creator commits.
        const other = database.connectAgain();
        const creation = newEvents(2);
        const payload = JSON.stringify({
          stream: 'account-59',
          events: creation.map((event) => ({ ...event, contentHash: contentHash({ ...event, stream: 'account-59' }) })),
        });
        let commit!: () => void;
        const committed = new Promise<void>((resolve) => (commit = resolve));
        const creating = other.transaction(async (tx) => {
          await tx.query('select es.append_new_stream($1::jsonb)', [payload]);
          await committed;
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        const later = store.append('account-59', newEvents(1), { expectedVersion: 'any' });
        await new Promise((resolve) => setTimeout(resolve, 200));
        commit();
        await creating;
        expect((await later).streams).toEqual([{ stream: 'account-59', nextVersion: 3 }]);
        const events = await store.readStream('account-59');
        expect(events.map((event) => event.id)).toEqual([...creation.map((event) => event.id), expect.any(String)]);
        expect(events[2].transactionId).toBeGreaterThan(events[0].transactionId);
        expect(await store.verify()).toMatchObject({ ok: true });
      });

      it('a multi-stream append never gives a stream created meanwhile a version read before its creation', async () => {
        // The multi-stream writer is held after its first stream's insert (a row with the same event id, uncommitted
        // on another connection, makes it wait); meanwhile a new stream it also names is created and committed.
        const other = database.connectAgain();
        const blocker = newEvents(1);
        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        const holding = other.transaction(async (tx) => {
          await tx.query('select es.append_new_stream($1::jsonb)', [
            JSON.stringify({ stream: 'account-80', events: blocker.map((event) => ({ ...event, contentHash: contentHash({ ...event, stream: 'account-80' }) })) }),
          ]);
          await released;
          throw new Error('rolled back on purpose');
        });
        await new Promise((resolve) => setTimeout(resolve, 100));
        const multi = store
          .appendMany([
            { stream: 'account-81', events: blocker, expectedVersion: 'any' },
            { stream: 'account-82', events: newEvents(1), expectedVersion: 'any' },
          ])
          .then((result) => result, (error: unknown) => error);
        await new Promise((resolve) => setTimeout(resolve, 200));
        await store.append('account-82', newEvents(2), { expectedVersion: 'no-stream' }).catch((error: unknown) => error);
        release();
        await holding.catch(() => undefined);
        await multi;
        const events = await store.readStream('account-82');
        const logOrder = (await readAllCommitted(store)).filter((event) => event.stream === 'account-82').map((event) => event.version);
        expect(logOrder).toEqual(events.map((event) => event.version));
        expect(await store.verify()).toMatchObject({ ok: true });
      });
    }
  });

  describe('tamper evidence', () => {
    it('verify() passes on an untouched store and finds an altered row, a removed event and a reordered chain', async () => {
      await store.append('account-1', newEvents(3), { expectedVersion: 'any' });
      await store.append('account-2', [newEvent('account.created', { name: 'Élise Ñoël' })], { expectedVersion: 'any' });
      expect(await store.verify()).toEqual({ ok: true, streamsChecked: 2, eventsChecked: 4 });

      await database.db.query(`update es.events set data = '{"i": 99}' where stream_name = 'account-1' and stream_version = 2`);
      expect(await store.verify()).toMatchObject({ ok: false, firstBroken: { stream: 'account-1', version: 2 } });
      await database.db.query(`update es.events set data = '{"i": 1}' where stream_name = 'account-1' and stream_version = 2`);
      expect((await store.verify()).ok).toBe(true);

      await database.db.query(`delete from es.events where stream_name = 'account-1' and stream_version = 3`);
      expect(await store.verify()).toMatchObject({ ok: false, firstBroken: { stream: 'account-1' } });
    });
  });

});
