import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { compareCheckpoints, START, type Checkpoint, type RecordedEvent } from '../event-store.port.js';
import { SqlEventStore } from '../sql/sql-event-store.js';
import { createEventStoreTestDatabase } from '../testing/event-store-test-database.js';
import { newEvent } from '../testing/new-events.js';
import { until } from '../testing/subscription-helpers.js';
import { catchUpTogether } from './catch-up-together.js';
import { CheckpointedRunner, type CheckpointedRunnerOptions } from './checkpointed-runner.js';
import { sqlLeases } from './leases.js';
import { silentLogger } from './runner-logger.js';
import { FencedError, type RunnerTarget } from './runner-target.js';

/** A target kept in memory: what it applied, its stored checkpoint (the fence), its failures. `poison` events throw. */
class Recorder implements RunnerTarget {
  stored: Checkpoint = START;
  applied: string[] = [];
  attempts = new Map<string, number>();
  skipped: string[] = [];

  async load(): Promise<Checkpoint> {
    return this.stored;
  }

  async commit(events: readonly RecordedEvent[], from: Checkpoint, to: Checkpoint): Promise<void> {
    if (compareCheckpoints(this.stored, from) !== 0) throw new FencedError('moved');
    if (events.some((event) => event.type === 'test.poison')) throw new Error('cannot digest this event');
    this.applied.push(...events.map((event) => `${event.stream}@${event.version}`));
    this.stored = to;
  }

  async recordFailure(event: RecordedEvent): Promise<number> {
    const attempts = (this.attempts.get(event.id) ?? 0) + 1;
    this.attempts.set(event.id, attempts);
    return attempts;
  }

  async skip(event: RecordedEvent, from: Checkpoint): Promise<void> {
    if (compareCheckpoints(this.stored, from) !== 0) throw new FencedError('moved');
    this.skipped.push(`${event.stream}@${event.version}`);
    this.stored = { transactionId: event.transactionId, position: event.position };
  }
}

describe.each(testDatabaseKinds())('the runner core on %s', (kind) => {
  let t: TestDatabase;
  let store: SqlEventStore;
  const options = (overrides: Partial<CheckpointedRunnerOptions> = {}): CheckpointedRunnerOptions => ({
    label: 'Test runner',
    leaseKey: 'test:runner',
    leases: sqlLeases(t.db),
    batchSize: 2,
    leaseRetryMs: 50,
    maxAttempts: 3,
    logger: silentLogger,
    ...overrides,
  });

  beforeEach(async () => {
    t = await createEventStoreTestDatabase(kind);
    store = new SqlEventStore(t.db, { pollIntervalMs: 50 });
  });
  afterEach(() => t.destroy());

  it('given events in the log, when it catches up to the last one, then each is applied once, in order', async () => {
    await store.append('a-1', [newEvent(), newEvent()], { expectedVersion: 'no-stream' });
    const last = await store.append('b-1', [newEvent(), newEvent(), newEvent()], { expectedVersion: 'no-stream' });
    const target = new Recorder();
    const runner = new CheckpointedRunner(store, target, options());

    expect(await runner.catchUp({ until: last.checkpoint })).toBe(5);
    expect(await runner.catchUp({ until: last.checkpoint })).toBe(0);
    expect(target.applied).toEqual(['a-1@1', 'a-1@2', 'b-1@1', 'b-1@2', 'b-1@3']);
    expect(runner.position).toEqual(last.checkpoint);
  });

  it('given a failing event, when it is followed live, then it is retried up to maxAttempts, set aside, and the rest applied', async () => {
    await store.append('a-1', [newEvent()], { expectedVersion: 'no-stream' });
    await store.append('p-1', [newEvent('test.poison')], { expectedVersion: 'no-stream' });
    await store.append('a-1', [newEvent()], { expectedVersion: 1 });
    const target = new Recorder();
    const runner = new CheckpointedRunner(store, target, options({ maxAttempts: 2 }));
    await runner.start();
    await until(() => target.applied.length === 2);
    await runner.stop();

    expect(target.applied).toEqual(['a-1@1', 'a-1@2']);
    expect([...target.attempts.values()]).toEqual([2]);
    expect(target.skipped).toEqual(['p-1@1']);
  });

  it('given a live runner, when another writer moves its stored checkpoint, then it follows again from there', async () => {
    const target = new Recorder();
    const runner = new CheckpointedRunner(store, target, options());
    await runner.start();
    await store.append('a-1', [newEvent()], { expectedVersion: 'no-stream' });
    await until(() => target.applied.length === 1);

    // A reset by another process: the stored checkpoint goes back to the start under the runner.
    target.stored = START;
    target.applied = [];
    await store.append('a-1', [newEvent()], { expectedVersion: 1 });
    await until(() => target.applied.length === 2);
    await runner.stop();
    expect(target.applied).toEqual(['a-1@1', 'a-1@2']);
  });

  it('given two runners on one lease, when the active one stops, then the standby takes over and goes on', async () => {
    const first = new Recorder();
    const second = new Recorder();
    const a = new CheckpointedRunner(store, first, options());
    const b = new CheckpointedRunner(store, second, options());
    await a.start();
    await b.start();
    expect([a.state, b.state]).toEqual(['active', 'standby']);

    await store.append('a-1', [newEvent()], { expectedVersion: 'no-stream' });
    await until(() => first.applied.length === 1);
    await a.stop();
    await until(() => b.state === 'active');
    expect(a.state).toBe('stopped');
    await until(() => second.applied.length === 1);
    await b.stop();
    expect(second.applied).toEqual(['a-1@1']);
  });

  it('given runners at different checkpoints, when caught up together, then each applies what it missed, once', async () => {
    const first = await store.append('a-1', [newEvent(), newEvent(), newEvent()], { expectedVersion: 'no-stream' });
    const ahead = new Recorder();
    await new CheckpointedRunner(store, ahead, options()).catchUp({ until: first.checkpoint });
    await store.append('b-1', [newEvent(), newEvent()], { expectedVersion: 'no-stream' });
    const behind = new Recorder();

    const read = await catchUpTogether([new CheckpointedRunner(store, ahead, options()), new CheckpointedRunner(store, behind, options())]);
    expect(read).toBe(5);
    expect(ahead.applied).toEqual(['a-1@1', 'a-1@2', 'a-1@3', 'b-1@1', 'b-1@2']);
    expect(behind.applied).toEqual(['a-1@1', 'a-1@2', 'a-1@3', 'b-1@1', 'b-1@2']);
  });
});
