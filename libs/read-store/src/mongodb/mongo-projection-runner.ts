import type { ClientSession } from 'mongodb';
import { compareCheckpoints, START, type Checkpoint, type EventStore, type RecordedEvent, type Subscription } from '@peps/event-store';
import type { Lease } from '@peps/sql';
import { checkpointOf, handles, LAG_COUNT_CAP, toProjectedEvent, type Projection } from '../projection.js';
import { FencedError, type ProjectionRunnerOptions, type RunnerLogger, type RunnerState } from '../projection-runner.js';
import type { ProjectionStatus } from '../projection-set.js';
import { foldFromPositions, fromStoredDocument, guardedWrites, isAlreadyApplied, type Loaded } from './mongo-documents.js';
import { MongoLeases, type LeaseTimings } from './mongo-lease.js';
import { positionKey, toCheckpointDocument } from './mongo-positions.js';
import type { MongoReadStore } from './mongo-read-store.js';

export interface MongoProjectionRunnerOptions extends ProjectionRunnerOptions {
  /** Shared by the runners of a process (one owner id); created per runner when absent. */
  leases?: MongoLeases;
  leaseTimings?: Partial<LeaseTimings>;
}

class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

const silent: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The MongoDB counterpart of `ProjectionRunner` (which is bound to SQL transactions and advisory locks): same
 * surface, same behaviour (lease, catch-up then live, poison events retried then skipped visibly, automatic rebuild
 * on a version change), with the projection's pure `keys`/`evolve` and the MongoDB mapping instead of its SQL
 * `load`/`save`. Each batch: fence on the stored checkpoint, load the touched documents, fold only the events after
 * each document's `lastApplied`, write them with guarded upserts, compare-and-set the checkpoint; all in one
 * transaction on a replica set.
 */
export class MongoProjectionRunner {
  private checkpoint: Checkpoint = START;
  private subscription: Subscription | null = null;
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private needsRestart = false;
  private running = false;
  private readonly options: Required<Omit<MongoProjectionRunnerOptions, 'leases' | 'leaseTimings'>>;
  private readonly leases: MongoLeases;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly readStore: MongoReadStore,
    options: MongoProjectionRunnerOptions = {},
  ) {
    const { leases, leaseTimings, ...rest } = options;
    this.options = { leaseRetryMs: 2_000, maxAttempts: 3, batchSize: 500, logger: silent, ...rest };
    this.leases = leases ?? new MongoLeases(readStore.db, undefined, leaseTimings);
  }

  get name(): string {
    return this.projection.name;
  }

  get state(): RunnerState {
    if (!this.running) return 'stopped';
    return this.subscription ? 'active' : 'standby';
  }

  get position(): Checkpoint {
    return this.checkpoint;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.tick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
    await this.deactivate();
  }

  async lag(cap = LAG_COUNT_CAP): Promise<number> {
    const stored = await this.readStore.checkpoint(this.name);
    const from = stored?.checkpoint ?? START;
    if (this.store.countAfter) return this.store.countAfter(from, cap);
    return (await this.store.readAll({ after: from, limit: cap })).length;
  }

  /** Applies everything available now, then returns (CLI, tests). */
  async catchUp(onProgress?: (applied: number, checkpoint: Checkpoint) => void, until?: Checkpoint): Promise<number> {
    await this.loadCheckpoint();
    let applied = 0;
    const deadline = Date.now() + 10_000;
    for (;;) {
      const events = await this.store.readAll({ after: this.checkpoint, limit: this.options.batchSize });
      if (!events.length) {
        if (!until || compareCheckpoints(this.checkpoint, until) >= 0 || Date.now() > deadline) return applied;
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      await this.handle(events, checkpointOf(events[events.length - 1]), false);
      applied += events.length;
      onProgress?.(applied, this.checkpoint);
    }
  }

  async rebuild(onProgress?: (applied: number, checkpoint: Checkpoint) => void, until?: Checkpoint): Promise<number> {
    const wasActive = this.subscription !== null;
    if (wasActive) await this.stopSubscription();
    await this.reset();
    if (wasActive) {
      this.startSubscription();
      return 0;
    }
    return this.catchUp(onProgress, until);
  }

  async reset(): Promise<void> {
    await this.readStore.reset(this.projection);
    this.checkpoint = START;
  }

  private scheduleTick(delay = this.options.leaseRetryMs): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = (async () => {
      try {
        if (!this.running) return;
        if (!this.lease) {
          this.lease = await this.leases.tryAcquire(`projection:${this.name}`);
          if (this.lease) {
            this.options.logger.log(`Projection ${this.name}: active`);
            await this.activate();
          }
        } else if (!this.lease.isHeld()) {
          this.options.logger.warn(`Projection ${this.name}: lease lost, standing by`);
          await this.deactivate();
        } else if (this.needsRestart) {
          await this.stopSubscription();
          await this.activate();
        }
      } catch (error) {
        this.options.logger.error(`Projection ${this.name}: ${(error as Error).message}`);
        await this.deactivate().catch(() => undefined);
      }
    })();
    await this.ticking;
    this.ticking = null;
    this.scheduleTick();
  }

  private async activate(): Promise<void> {
    this.needsRestart = false;
    await this.loadCheckpoint();
    this.startSubscription();
  }

  private startSubscription(): void {
    this.subscription = this.store.subscribe({
      after: this.checkpoint,
      batchSize: this.options.batchSize,
      onEvents: (events, checkpoint) => this.handle(events, checkpoint, true),
      onError: (error) => {
        if (error instanceof FencedError || error instanceof LeaseLostError) {
          this.needsRestart = true;
          this.scheduleTick(0);
        }
      },
    });
  }

  private async stopSubscription(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
  }

  private async deactivate(): Promise<void> {
    await this.stopSubscription();
    const lease = this.lease;
    this.lease = null;
    await lease?.release();
  }

  /** Creates the checkpoint on first run; a projection whose version changed is rebuilt from zero. */
  private async loadCheckpoint(): Promise<void> {
    const initial = toCheckpointDocument(this.name, this.projection.version, START, new Date());
    const { _id, ...onInsert } = initial;
    await this.readStore.checkpointCollection.updateOne({ _id: this.name }, { $setOnInsert: onInsert }, { upsert: true });
    const stored = await this.readStore.checkpoint(this.name);
    if (stored && stored.version !== this.projection.version) {
      this.options.logger.warn(`Projection ${this.name}: version ${stored.version} → ${this.projection.version}, rebuilding`);
      await this.reset();
      return;
    }
    this.checkpoint = stored?.checkpoint ?? START;
  }

  private async handle(events: RecordedEvent[], batchEnd: Checkpoint, live: boolean): Promise<void> {
    if (live && !this.lease?.isHeld()) throw new LeaseLostError(`lease of ${this.name} lost`);
    const fresh = events.filter((event) => compareCheckpoints(checkpointOf(event), this.checkpoint) > 0);
    if (compareCheckpoints(batchEnd, this.checkpoint) <= 0) return;
    try {
      await this.commit(fresh, batchEnd);
    } catch (error) {
      if (error instanceof FencedError) throw error;
      await this.isolate(fresh, batchEnd);
    }
  }

  private async isolate(events: RecordedEvent[], batchEnd: Checkpoint): Promise<void> {
    for (const event of events) {
      if (compareCheckpoints(checkpointOf(event), this.checkpoint) <= 0) continue;
      try {
        await this.commit([event], checkpointOf(event));
      } catch (error) {
        if (error instanceof FencedError) throw error;
        const attempts = await this.recordFailure(event, error);
        if (attempts < this.options.maxAttempts) throw error;
        await this.skip(event);
        this.options.logger.error(
          `Projection ${this.name}: event ${event.type} ${event.stream}@${event.version} (${event.id}) skipped after ${attempts} failures: ${(error as Error).message}`,
        );
      }
    }
    if (compareCheckpoints(batchEnd, this.checkpoint) > 0) await this.commit([], batchEnd);
  }

  private async commit(events: RecordedEvent[], checkpoint: Checkpoint): Promise<void> {
    const mapping = this.readStore.mapping(this.name);
    const collection = this.readStore.documents(this.name);
    await this.readStore.inTransaction(async (session) => {
      await this.fence(session);
      const projected = events.filter((event) => handles(this.projection, event.type)).map(toProjectedEvent);
      if (projected.length) {
        const keys = [...new Set(projected.flatMap((event) => this.projection.keys(event)))];
        const stored = await collection.find({ _id: { $in: keys } }, { session }).toArray();
        const documents = new Map<string, Loaded<unknown>>(stored.map((d) => [d._id, fromStoredDocument(d)]));
        const changed = foldFromPositions(this.projection, documents, projected);
        const writes = guardedWrites(mapping, changed);
        if (writes.length) await bulkWriteGuarded(collection, writes, session);
      }
      await this.advance(checkpoint, session);
    });
    this.checkpoint = checkpoint;
  }

  /** The stored checkpoint must still be the one this runner started from (nobody reset or overtook it). */
  private async fence(session?: ClientSession): Promise<void> {
    const stored = await this.readStore.checkpoint(this.name, session);
    if (!stored || stored.version !== this.projection.version || compareCheckpoints(stored.checkpoint, this.checkpoint) !== 0) {
      throw new FencedError(`checkpoint of ${this.name} moved under this runner`);
    }
  }

  /** Compare-and-set of the checkpoint: from the one this runner holds to `checkpoint`. */
  private async advance(checkpoint: Checkpoint, session?: ClientSession): Promise<void> {
    const { _id, ...next } = toCheckpointDocument(this.name, this.projection.version, checkpoint, new Date());
    const result = await this.readStore.checkpointCollection.updateOne(
      { _id: this.name, version: this.projection.version, key: positionKey(this.checkpoint) },
      { $set: next },
      { session },
    );
    if (result.matchedCount !== 1) throw new FencedError(`checkpoint of ${this.name} moved under this runner`);
  }

  private async recordFailure(event: RecordedEvent, error: unknown): Promise<number> {
    const now = new Date();
    const checkpoint = checkpointOf(event);
    const doc = await this.readStore.failureCollection.findOneAndUpdate(
      { _id: { projection: this.name, eventId: event.id } },
      {
        $inc: { attempts: 1 },
        $set: { error: String((error as Error)?.message ?? error).slice(0, 2000), lastFailedAt: now },
        $setOnInsert: {
          projection: this.name,
          eventId: event.id,
          stream: event.stream,
          streamVersion: event.version,
          type: event.type,
          transactionId: checkpoint.transactionId.toString(),
          position: checkpoint.position.toString(),
          key: positionKey(checkpoint),
          skipped: false,
          firstFailedAt: now,
        },
      },
      { upsert: true, returnDocument: 'after' },
    );
    return Number(doc?.attempts ?? 1);
  }

  private async skip(event: RecordedEvent): Promise<void> {
    await this.readStore.inTransaction(async (session) => {
      await this.fence(session);
      await this.readStore.failureCollection.updateOne({ _id: { projection: this.name, eventId: event.id } }, { $set: { skipped: true } }, { session });
      await this.advance(checkpointOf(event), session);
    });
    this.checkpoint = checkpointOf(event);
  }
}

/**
 * Unordered bulk of guarded upserts; duplicate `_id` errors mean "already applied at that position" and are dropped.
 * Inside a transaction they cannot occur: the documents were read in the same snapshot and only events after their
 * `lastApplied` produce writes, so a concurrent writer shows up as a WriteConflict, which `withTransaction` retries
 * (then the fence or the checkpoint compare-and-set stops this runner).
 */
async function bulkWriteGuarded(collection: ReturnType<MongoReadStore['documents']>, writes: ReturnType<typeof guardedWrites>, session?: ClientSession): Promise<void> {
  try {
    await collection.bulkWrite(writes as never, { ordered: false, session });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: unknown }[] | { code?: unknown } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : null;
    if (!list || !list.length || !list.every(isAlreadyApplied)) throw error;
  }
}

/** All the projections of a process on MongoDB: the counterpart of `ProjectionSet`. */
export class MongoProjectionSet {
  readonly runners: MongoProjectionRunner[];
  readonly leases: MongoLeases;

  constructor(
    readonly readStore: MongoReadStore,
    store: EventStore,
    projections: readonly Projection[],
    options: MongoProjectionRunnerOptions = {},
  ) {
    this.leases = options.leases ?? new MongoLeases(readStore.db, undefined, options.leaseTimings);
    this.runners = projections.map((projection) => new MongoProjectionRunner(projection, store, readStore, { ...options, leases: this.leases }));
  }

  runner(name: string): MongoProjectionRunner | undefined {
    return this.runners.find((runner) => runner.name === name);
  }

  async start(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.start()));
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((runner) => runner.stop()));
  }

  async status(): Promise<ProjectionStatus[]> {
    const [checkpoints, failures] = await Promise.all([this.readStore.checkpoints(), this.readStore.failures()]);
    return Promise.all(
      this.runners.map(async (runner) => {
        const stored = checkpoints.find((c) => c.projection === runner.name);
        const own = failures.filter((f) => f.projection === runner.name);
        return {
          name: runner.name,
          version: stored?.version ?? runner.projection.version,
          state: runner.state,
          checkpoint: stored ? `${stored.checkpoint.transactionId}:${stored.checkpoint.position}` : '0:0',
          lag: await runner.lag(),
          skippedEvents: own.filter((f) => f.skipped).length,
          failingEvents: own.filter((f) => !f.skipped).length,
        };
      }),
    );
  }
}
