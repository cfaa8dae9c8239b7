import { randomUUID } from 'node:crypto';
import { SqlEventStore, START } from '@peps/event-store';
import { newEvent, until } from '@peps/event-store/testing';
import type { TestDatabase } from '@peps/sql/testing';
import { appendAroundPoison, countingProjection } from '../testing/counting-projection.js';
import { createReadStoreTestDatabase } from '../testing/read-store-test-database.js';
import { MongoLeases } from './mongo-lease.js';
import { ProjectionRunner } from '../projection-runner.js';
import { positionGuard, START_KEY, toCheckpointDocument } from './mongo-positions.js';
import { LIVE } from './mongo-documents.js';
import { MongoReadStore } from './mongo-read-store.js';

/**
 * The read-store contract against a real MongoDB server (`MONGODB_URL`, e.g. `mongodb://127.0.0.1:27017`; a
 * replica set also exercises transactions). Events come from an embedded PGlite event store. Each test uses a
 * fresh database, dropped afterwards. No server: one visible line, one passing test saying so.
 */
const url = process.env.MONGODB_URL;

if (!url) {
  console.log('MongoDB read-store contract suite skipped: MONGODB_URL is not set');
  describe('MongoDB read-store contract', () => {
    it('is skipped: MONGODB_URL is not set', () => {
      expect(process.env.MONGODB_URL).toBeUndefined();
    });
  });
} else {
  describe('MongoDB read-store contract', () => {
    let t: TestDatabase;
    let store: SqlEventStore;
    let readStore: MongoReadStore;

    const counts = async (): Promise<Record<string, number>> => {
      const docs = await readStore.documents<{ stream: string; count: number }>(countingProjection.name).find(LIVE).sort({ _id: 1 }).toArray();
      return Object.fromEntries(docs.map((d) => [d._id, d.doc!.count]));
    };

    beforeEach(async () => {
      t = await createReadStoreTestDatabase('pglite');
      store = new SqlEventStore(t.db, { pollIntervalMs: 50 });
      readStore = await MongoReadStore.open(url, [countingProjection], { dbName: `peps_test_${randomUUID().slice(0, 8)}` });
    });
    afterEach(async () => {
      await readStore.db.dropDatabase().catch(() => undefined);
      await readStore.close();
      await t.destroy();
    });

    it('creates the collections and indexes at start', async () => {
      const names = (await readStore.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining(['checkpoints', 'leases', 'projection_failures', countingProjection.name]));
      const indexes = (await readStore.documents(countingProjection.name).indexes()).map((i) => i.name);
      expect(indexes).toContain('last_applied');
      // prepare is idempotent
      await readStore.prepare([countingProjection]);
    });

    it('applies every event once, stores the checkpoint, and a new runner resumes from it', async () => {
      await store.append('a-1', [newEvent('test.one'), newEvent('test.two')], { expectedVersion: 'no-stream' });
      const last = await store.append('b-1', [newEvent('test.one'), newEvent('other.ignored')], { expectedVersion: 'no-stream' });
      const runner = new ProjectionRunner(countingProjection, store, readStore, { batchSize: 2 });
      await runner.catchUp(undefined, last.checkpoint);
      expect(await counts()).toEqual({ 'a-1': 2, 'b-1': 1 });
      expect((await readStore.checkpoint(countingProjection.name))?.checkpoint).toEqual(last.checkpoint);
      expect(await runner.lag()).toBe(0);
      expect(await readStore.waitFor([countingProjection.name], last.checkpoint, 100)).toBe(true);

      const more = await store.append('a-1', [newEvent('test.three')], { expectedVersion: 2 });
      await new ProjectionRunner(countingProjection, store, readStore).catchUp(undefined, more.checkpoint);
      expect(await counts()).toEqual({ 'a-1': 3, 'b-1': 1 });
    });

    it('replays a batch after a crash (checkpoint lost, documents written) without applying anything twice', async () => {
      let last = START;
      for (let i = 0; i < 12; i++) last = (await store.append(`s-${i % 4}`, [newEvent('test.one')], { expectedVersion: 'any' })).checkpoint;
      await new ProjectionRunner(countingProjection, store, readStore, { batchSize: 5 }).catchUp(undefined, last);
      const before = await counts();
      const digest = await readStore.digest(countingProjection.name);
      // The crash: documents are written, the checkpoint write never happened.
      await readStore.checkpointCollection.replaceOne({ _id: countingProjection.name }, toCheckpointDocument(countingProjection.name, 1, START, new Date()));
      await new ProjectionRunner(countingProjection, store, readStore, { batchSize: 3 }).catchUp(undefined, last);
      expect(await counts()).toEqual(before);
      expect(await readStore.digest(countingProjection.name)).toBe(digest);
      // A guarded upsert at an older position matches nothing and is refused as a duplicate `_id`.
      await expect(
        readStore.documents(countingProjection.name).replaceOne(positionGuard('s-0', START_KEY) as never, { doc: { count: 99 }, lastApplied: START_KEY }, { upsert: true }),
      ).rejects.toMatchObject({ code: 11000 });
      expect((await counts())['s-0']).toBe(before['s-0']);
    });

    it('rebuilds from zero to the same digest', async () => {
      let last = START;
      for (let i = 0; i < 30; i++) last = (await store.append(`s-${i % 7}`, [newEvent('test.one'), newEvent('test.two')], { expectedVersion: 'any' })).checkpoint;
      const runner = new ProjectionRunner(countingProjection, store, readStore, { batchSize: 7 });
      await runner.catchUp(undefined, last);
      const digest = await readStore.digest(countingProjection.name);
      let progress = 0;
      await runner.rebuild((applied) => (progress = applied), last);
      expect(progress).toBe(60);
      expect(await readStore.digest(countingProjection.name)).toBe(digest);
    });

    it('records a poison event, retries it, then skips it visibly', async () => {
      await appendAroundPoison(store);
      const runner = new ProjectionRunner(countingProjection, store, readStore, { leaseRetryMs: 100, maxAttempts: 3 });
      await runner.start();
      await until(async () => (await counts())['a-1'] === 2);
      await runner.stop();
      const failures = await readStore.failures(countingProjection.name);
      expect(failures).toHaveLength(1);
      expect(failures[0]).toMatchObject({ type: 'test.poison', stream: 'p-1', attempts: 3, skipped: true, error: 'cannot digest this event' });
    });

    it('keeps one active runner per projection; another takes over within 10 s of the lease running out', async () => {
      const timings = { ttlMs: 3_000, renewEveryMs: 1_000, marginMs: 500 };
      const a = new ProjectionRunner(countingProjection, store, readStore, { leaseRetryMs: 200, leases: new MongoLeases(readStore.db, 'worker-a', timings) });
      const b = new ProjectionRunner(countingProjection, store, readStore, { leaseRetryMs: 200, leases: new MongoLeases(readStore.db, 'worker-b', timings) });
      await a.start();
      await b.start();
      expect([a.state, b.state]).toEqual(['active', 'standby']);
      for (let i = 0; i < 10; i++) await store.append(`s-${i % 3}`, [newEvent('test.one')], { expectedVersion: 'any' });
      await until(async () => Object.values(await counts()).reduce((x, y) => x + y, 0) === 10);
      const started = Date.now();
      await a.stop();
      await until(async () => b.state === 'active');
      expect(Date.now() - started).toBeLessThan(10_000);
      await store.append('s-0', [newEvent('test.one')], { expectedVersion: 'any' });
      await until(async () => (await counts())['s-0'] === 5);
      expect(Object.values(await counts()).reduce((x, y) => x + y, 0)).toBe(11);
      await b.stop();

      // A holder that died without releasing: its lease document simply stops being renewed.
      await readStore.db.collection('leases').updateOne(
        { _id: `projection:${countingProjection.name}` as never },
        [{ $set: { owner: 'worker-dead', expiresAt: { $add: ['$$NOW', timings.ttlMs] }, acquiredAt: '$$NOW', renewedAt: '$$NOW' } }],
        { upsert: true },
      );
      const c = new ProjectionRunner(countingProjection, store, readStore, { leaseRetryMs: 200, leases: new MongoLeases(readStore.db, 'worker-c', timings) });
      const died = Date.now();
      await c.start();
      expect(c.state).toBe('standby');
      await until(async () => c.state === 'active');
      expect(Date.now() - died).toBeLessThan(10_000);
      await c.stop();
    }, 60_000);
  });
}
