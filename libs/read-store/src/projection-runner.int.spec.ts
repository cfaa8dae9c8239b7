import { compareCheckpoints, SqlEventStore, START } from '@peps/event-store';
import { newEvent, until } from '@peps/event-store/testing';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { ProjectionRunner } from './projection-runner.js';
import { SqlReadStore } from './sql/sql-read-store.js';
import { appendAroundPoison, countingProjection } from './testing/counting-projection.js';
import { createReadStoreTestDatabase } from './testing/read-store-test-database.js';

async function counts(t: TestDatabase): Promise<Record<string, number>> {
  const { rows } = await t.db.query<{ stream: string; count: number }>('select stream, count from read.test_stream_counts order by stream');
  return Object.fromEntries(rows.map((r) => [r.stream, Number(r.count)]));
}

describe.each(testDatabaseKinds())('projection runner on %s', (kind) => {
  let t: TestDatabase;
  let store: SqlEventStore;
  let readStore: SqlReadStore;

  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, [countingProjection]);
    store = new SqlEventStore(t.db, { pollIntervalMs: 50 });
    readStore = new SqlReadStore(t.db);
  });
  afterEach(() => t.destroy());

  it('applies every event once, with the checkpoint in the same transaction, and reports lag', async () => {
    await store.append('a-1', [newEvent('test.one'), newEvent('test.two')], { expectedVersion: 'no-stream' });
    const last = await store.append('b-1', [newEvent('test.one'), newEvent('other.ignored')], { expectedVersion: 'no-stream' });
    const runner = new ProjectionRunner(countingProjection, store, readStore, { batchSize: 2 });
    await until(async () => (await runner.lag()) === 4);
    await runner.catchUp(undefined, last.checkpoint);
    expect(await counts(t)).toEqual({ 'a-1': 2, 'b-1': 1 });
    expect(await runner.lag()).toBe(0);
    expect((await readStore.checkpoint('test-counts'))?.checkpoint).toEqual(last.checkpoint);

    // A second runner resuming from the stored checkpoint applies nothing twice.
    await new ProjectionRunner(countingProjection, store, readStore).catchUp(undefined, last.checkpoint);
    expect(await counts(t)).toEqual({ 'a-1': 2, 'b-1': 1 });
  });

  it('follows live appends once it holds the lease, and waitFor sees the write', async () => {
    const runner = new ProjectionRunner(countingProjection, store, readStore, { leaseRetryMs: 100 });
    await runner.start();
    expect(runner.state).toBe('active');
    const written = await store.append('a-1', [newEvent('test.one')], { expectedVersion: 'no-stream' });
    expect(await readStore.waitFor(['test-counts'], written.checkpoint, 5_000)).toBe(true);
    expect(await counts(t)).toEqual({ 'a-1': 1 });
    await runner.stop();
    expect(await readStore.waitFor(['test-counts'], { ...written.checkpoint, position: written.checkpoint.position + 10n }, 50)).toBe(false);
  });

  it('is fenced when another writer resets it under a live runner, also on a batch it has nothing to write for', async () => {
    const runner = new ProjectionRunner(countingProjection, store, readStore, { leaseRetryMs: 100 });
    await runner.start();
    for (let i = 0; i < 3; i++) await store.append('a-1', [newEvent('test.one')], { expectedVersion: 'any' });
    await until(async () => (await counts(t))['a-1'] === 3);

    // A rebuild by another process (the CLI): tables emptied, checkpoint back to the start.
    await readStore.reset(countingProjection);
    // A batch this projection does not handle: only its checkpoint would move, and must not overwrite the reset.
    const ignored = await store.append('x-1', [newEvent('other.ignored')], { expectedVersion: 'no-stream' });
    await until(async () => compareCheckpoints((await readStore.checkpoint('test-counts'))!.checkpoint, ignored.checkpoint) >= 0);
    const last = await store.append('a-1', [newEvent('test.two')], { expectedVersion: 'any' });
    expect(await readStore.waitFor(['test-counts'], last.checkpoint, 10_000)).toBe(true);
    // Fenced, the runner restarted from the reset checkpoint and replayed everything once.
    expect(await counts(t)).toEqual({ 'a-1': 4 });
    await runner.stop();
  });

  it('records a poison event, retries it, then skips it visibly and goes on', async () => {
    await appendAroundPoison(store);
    const runner = new ProjectionRunner(countingProjection, store, readStore, { leaseRetryMs: 100, maxAttempts: 3 });
    await runner.start();
    await until(async () => (await counts(t))['a-1'] === 2);
    await runner.stop();
    const failures = await readStore.failures('test-counts');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ type: 'test.poison', stream: 'p-1', attempts: 3, skipped: true, error: 'cannot digest this event' });
    expect(await runner.lag()).toBe(0);
  });

  it('rebuilds from zero to exactly the same rows', async () => {
    let last = START;
    for (let i = 0; i < 30; i++) last = (await store.append(`s-${i % 7}`, [newEvent('test.one'), newEvent('test.two')], { expectedVersion: 'any' })).checkpoint;
    const runner = new ProjectionRunner(countingProjection, store, readStore, { batchSize: 7 });
    await runner.catchUp(undefined, last);
    const before = await counts(t);
    let progress = 0;
    await runner.rebuild((applied) => (progress = applied), last);
    expect(progress).toBe(60);
    expect(await counts(t)).toEqual(before);
  });

  it('catches several runners up on one read of the log, each exactly once and past a poison event', async () => {
    const idle = { ...countingProjection, name: 'test-idle', tables: [], migrations: [], eventTypes: () => false };
    const first = await store.append('a-1', [newEvent('test.one'), newEvent('test.two')], { expectedVersion: 'no-stream' });
    const ahead = new ProjectionRunner(countingProjection, store, readStore, { batchSize: 3, maxAttempts: 1 });
    await ahead.catchUp(undefined, first.checkpoint);
    await store.append('p-1', [newEvent('test.poison')], { expectedVersion: 'no-stream' });
    let last = START;
    for (let i = 0; i < 10; i++) last = (await store.append(`s-${i % 3}`, [newEvent('test.one')], { expectedVersion: 'any' })).checkpoint;
    const behind = new ProjectionRunner(idle, store, readStore, { batchSize: 3 });
    await until(async () => (await behind.lag()) === 13);

    expect(await ProjectionRunner.catchUpTogether([ahead, behind])).toBe(13);
    expect(await counts(t)).toEqual({ 'a-1': 2, 's-0': 4, 's-1': 3, 's-2': 3 });
    expect([ahead.position, behind.position]).toEqual([last, last]);
    expect((await readStore.failures('test-counts')).map((f) => [f.stream, f.skipped])).toEqual([['p-1', true]]);

    const before = await counts(t);
    expect(await ProjectionRunner.rebuildTogether([ahead, behind])).toBe(13);
    expect(await counts(t)).toEqual(before);
    expect((await readStore.checkpoint('test-counts'))?.checkpoint).toEqual(last);
  });

  it('rebuilds automatically when the projection version changes', async () => {
    const { checkpoint } = await store.append('a-1', [newEvent('test.one')], { expectedVersion: 'no-stream' });
    await new ProjectionRunner(countingProjection, store, readStore).catchUp(undefined, checkpoint);
    await t.db.query(`update read.test_stream_counts set count = 99`);
    await new ProjectionRunner({ ...countingProjection, version: 2 }, store, readStore).catchUp(undefined, checkpoint);
    expect(await counts(t)).toEqual({ 'a-1': 1 });
    expect((await readStore.checkpoint('test-counts'))?.version).toBe(2);
  });
});

const onServer = testDatabaseKinds().includes('postgres') ? describe : describe.skip;

onServer('projection runners competing on PostgreSQL', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createReadStoreTestDatabase('postgres', [countingProjection]);
  });
  afterEach(() => t.destroy());

  it('keeps one active runner; another takes over when it stops or its connection dies', async () => {
    const dbA = t.connectAgain();
    const dbB = t.connectAgain();
    const dbC = t.connectAgain();
    const store = new SqlEventStore(t.db, { pollIntervalMs: 50 });
    const a = new ProjectionRunner(countingProjection, new SqlEventStore(dbA, { pollIntervalMs: 50 }), new SqlReadStore(dbA), { leaseRetryMs: 200 });
    const b = new ProjectionRunner(countingProjection, new SqlEventStore(dbB, { pollIntervalMs: 50 }), new SqlReadStore(dbB), { leaseRetryMs: 200 });
    await a.start();
    await b.start();
    expect([a.state, b.state]).toEqual(['active', 'standby']);
    for (let i = 0; i < 20; i++) await store.append(`s-${i % 3}`, [newEvent('test.one')], { expectedVersion: 'any' });
    await until(async () => Object.values(await counts(t)).reduce((x, y) => x + y, 0) === 20);

    const started = Date.now();
    await a.stop();
    await until(async () => b.state === 'active');
    expect(Date.now() - started).toBeLessThan(10_000);
    await store.append('s-0', [newEvent('test.one')], { expectedVersion: 'any' });
    await until(async () => (await counts(t))['s-0'] === 8);

    // B "dies": its lease connection is killed by the server. C takes over; B stands by once it notices.
    const c = new ProjectionRunner(countingProjection, new SqlEventStore(dbC, { pollIntervalMs: 50 }), new SqlReadStore(dbC), { leaseRetryMs: 200 });
    await c.start();
    expect(c.state).toBe('standby');
    await t.db.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'peps-lease:projection:test-counts'`);
    await until(async () => c.state === 'active');
    await until(async () => b.state === 'standby');
    await store.append('s-1', [newEvent('test.one')], { expectedVersion: 'any' });
    await until(async () => (await counts(t))['s-1'] === 8);
    expect(Object.values(await counts(t)).reduce((x, y) => x + y, 0)).toBe(22);
    await b.stop();
    await c.stop();
  }, 60_000);
});
