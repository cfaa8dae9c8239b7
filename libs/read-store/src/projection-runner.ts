import { compareCheckpoints, START, type Checkpoint, type EventStore, type RecordedEvent, type Subscription } from '@peps/event-store';
import type { Lease, SqlDatabase, SqlExecutor } from '@peps/sql';
import { checkpointOf, foldDocuments, handles, LAG_COUNT_CAP, toProjectedEvent, type Projection } from './projection.js';
import { deferIndexes, restoreDeferredIndexes } from './sql/deferred-indexes.js';
import { moveCheckpoint, readCheckpoint, writeCheckpoint } from './sql/sql-read-store.js';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ProjectionRunnerOptions {
  /** How often a standby runner tries to take the lease, and an active one checks it still holds it. */
  leaseRetryMs?: number;
  /** Attempts of a failing event before it is recorded as skipped and passed. */
  maxAttempts?: number;
  batchSize?: number;
  logger?: RunnerLogger;
}

export type RunnerState = 'stopped' | 'standby' | 'active';

/** Another writer moved the checkpoint (a rebuild, or a runner that kept going after losing its lease). */
export class FencedError extends Error {
  override readonly name = 'FencedError';
}

class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

const silent: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Feeds one projection from its checkpoint. Each batch is applied in one transaction together with the new
 * checkpoint, after checking (row lock) that the stored checkpoint is still the one this runner started from:
 * a batch is applied exactly once even if two runners ever overlap. On a server, only the holder of the lease
 * `projection:<name>` runs; the others retry every `leaseRetryMs` and take over when it goes.
 */
export class ProjectionRunner {
  private checkpoint: Checkpoint = START;
  private subscription: Subscription | null = null;
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private needsRestart = false;
  private running = false;
  private readonly options: Required<ProjectionRunnerOptions>;

  constructor(
    readonly projection: Projection,
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    options: ProjectionRunnerOptions = {},
  ) {
    this.options = { leaseRetryMs: 2_000, maxAttempts: 3, batchSize: 500, logger: silent, ...options };
  }

  get name(): string {
    return this.projection.name;
  }

  get state(): RunnerState {
    if (!this.running) return 'stopped';
    return this.subscription ? 'active' : 'standby';
  }

  /** The checkpoint this runner last committed (or loaded). */
  get position(): Checkpoint {
    return this.checkpoint;
  }

  /** Starts competing for the lease; resolves after the first attempt. */
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

  /** Events of the log after this projection's stored checkpoint. */
  async lag(cap = LAG_COUNT_CAP): Promise<number> {
    const stored = await readCheckpoint(this.db, this.name);
    const from = stored?.checkpoint ?? START;
    if (this.store.countAfter) return this.store.countAfter(from, cap);
    return (await this.store.readAll({ after: from, limit: cap })).length;
  }

  /**
   * Applies everything available now, then returns (CLI, tests, bench). Meant for a process that is the only
   * writer; if another runner is active, fencing makes one of them stop rather than apply twice.
   */
  async catchUp(onProgress?: (applied: number, checkpoint: Checkpoint) => void, until?: Checkpoint): Promise<number> {
    await this.loadCheckpoint();
    let applied = 0;
    const deadline = Date.now() + 10_000;
    let next: Promise<RecordedEvent[]> | null = null;
    for (;;) {
      const events = await (next ?? this.store.readAll({ after: this.checkpoint, limit: this.options.batchSize }));
      next = null;
      if (!events.length) {
        // On a server, a transaction of this database that began earlier hides newer commits for a moment: a
        // caller that knows what it wrote waits for it, bounded.
        if (!until || compareCheckpoints(this.checkpoint, until) >= 0 || Date.now() > deadline) return applied;
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      const batchEnd = checkpointOf(events[events.length - 1]);
      // Read the next batch while this one is applied: reading never depends on what is written.
      next = prefetch(this.store, batchEnd, this.options.batchSize);
      await this.handle(events, batchEnd, false);
      applied += events.length;
      onProgress?.(applied, this.checkpoint);
    }
  }

  /**
   * Catches several runners up on one read of the log (CLI, bench): each batch is read once and handed to every
   * runner, which applies it in its own transaction with its own checkpoint, fencing and poison-event handling.
   * The runners go at their own pace, the fastest at most `ahead` batches in front of the slowest, while the
   * reader fetches the next batches. Runners behind the others catch up first (the ones ahead skip what they
   * already applied). Resolves with the events read; after a failure the others stop at their next batch, and
   * it rejects with the first error.
   */
  static async catchUpTogether(
    runners: readonly ProjectionRunner[],
    onProgress?: (applied: number, checkpoint: Checkpoint) => void,
    ahead = 4,
  ): Promise<number> {
    if (!runners.length) return 0;
    const store = runners[0].store;
    if (runners.some((runner) => runner.store !== store)) throw new Error('catchUpTogether: the runners must share one event store');
    await Promise.all(runners.map((runner) => runner.loadCheckpoint()));
    const batchSize = Math.max(...runners.map((runner) => runner.options.batchSize));
    let after = runners.map((runner) => runner.checkpoint).reduce((min, c) => (compareCheckpoints(c, min) < 0 ? c : min));

    // batches[i - dropped] is batch i; an empty batch marks the end of the log.
    const batches: { events: RecordedEvent[]; end: Checkpoint; read: number }[] = [];
    let dropped = 0;
    const done = runners.map(() => 0);
    let failure: { error: unknown } | null = null;
    let wake: (() => void) | null = null;
    let changed = new Promise<void>((resolve) => (wake = resolve));
    const signal = () => {
      const w = wake;
      changed = new Promise<void>((resolve) => (wake = resolve));
      w?.();
    };
    let read = 0;
    // Everything committed before this call must be read, even events that a transaction begun earlier and still
    // open hides from readers for a moment: bounded wait, as in catchUp.
    const target = await store.committedHead?.();
    const deadline = Date.now() + 30_000;

    const reader = (async () => {
      for (;;) {
        while (!failure && dropped + batches.length - Math.min(...done) >= ahead) await changed;
        if (failure) return;
        const events = await store.readAll({ after, limit: batchSize }).catch((error: unknown) => {
          failure ??= { error };
          return [];
        });
        if (failure) return signal();
        if (!events.length && target && compareCheckpoints(after, target) < 0 && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        read += events.length;
        if (events.length) after = checkpointOf(events[events.length - 1]);
        batches.push({ events, end: after, read });
        signal();
        if (!events.length) return;
      }
    })();

    const run = async (runner: ProjectionRunner, r: number) => {
      for (let i = 0; ; i++) {
        while (!failure && i >= dropped + batches.length) await changed;
        if (failure) return;
        const batch = batches[i - dropped];
        if (!batch.events.length) return;
        try {
          await runner.handle(batch.events, batch.end, false);
        } catch (error) {
          failure ??= { error };
          return signal();
        }
        done[r] = i + 1;
        // A batch every runner has applied is let go (and reported as progress).
        for (const slowest = Math.min(...done); dropped < slowest; dropped++) {
          const gone = batches.shift()!;
          onProgress?.(gone.read, gone.end);
        }
        signal();
      }
    };

    await Promise.all([reader, ...runners.map((runner, r) => run(runner, r))]);
    if (failure) throw (failure as { error: unknown }).error;
    return read;
  }

  /** Empties the projections and replays the log once for all of them (see `catchUpTogether`). */
  static async rebuildTogether(
    runners: readonly ProjectionRunner[],
    onProgress?: (applied: number, checkpoint: Checkpoint) => void,
  ): Promise<number> {
    // A runner with a live subscription restarts it from zero itself; the others share one read of the log.
    const idle = runners.filter((runner) => runner.subscription === null);
    await Promise.all(runners.filter((runner) => runner.subscription !== null).map((runner) => runner.rebuild()));
    await Promise.all(idle.map((runner) => runner.reset()));
    if (!idle.length) return 0;
    // Secondary indexes are built once at the end rather than row by row (see deferred-indexes.ts).
    const db = idle[0].db;
    await deferIndexes(db, idle.flatMap((runner) => runner.projection.tables));
    try {
      return await ProjectionRunner.catchUpTogether(idle, onProgress);
    } finally {
      await restoreDeferredIndexes(db);
    }
  }

  /** Empties the projection and replays the whole log (the active subscription, if any, restarts from zero). */
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
    await this.db.transaction(async (tx) => {
      await tx.query('select 1 from read.checkpoints where projection = $1 for update', [this.name]);
      const tables = this.projection.tables.map((table) => `read.${table}`);
      if (tables.length) await tx.query(`truncate ${tables.join(', ')}`);
      await tx.query('delete from read.projection_failures where projection = $1', [this.name]);
      await writeCheckpoint(tx, this.name, this.projection.version, START);
    });
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
          this.lease = await this.db.tryAcquireLease(`projection:${this.name}`);
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

  /** Creates the checkpoint row on first run; a projection whose version changed is rebuilt from zero. */
  private async loadCheckpoint(): Promise<void> {
    await this.db.query(
      `insert into read.checkpoints (projection, version, transaction_id, position) values ($1, $2, '0', 0)
       on conflict (projection) do nothing`,
      [this.name, this.projection.version],
    );
    const stored = await readCheckpoint(this.db, this.name);
    if (stored && stored.version !== this.projection.version) {
      this.options.logger.warn(`Projection ${this.name}: version ${stored.version} → ${this.projection.version}, rebuilding`);
      await this.reset();
      return;
    }
    this.checkpoint = stored?.checkpoint ?? START;
  }

  private async handle(events: RecordedEvent[], batchEnd: Checkpoint, live: boolean): Promise<void> {
    if (live && !this.lease?.isHeld()) throw new LeaseLostError(`lease of ${this.name} lost`);
    // A subscription restarting after an error re-delivers what was already committed: skip it.
    const fresh = events.filter((event) => compareCheckpoints(checkpointOf(event), this.checkpoint) > 0);
    if (compareCheckpoints(batchEnd, this.checkpoint) <= 0) return;
    try {
      await this.commit(fresh, batchEnd);
    } catch (error) {
      if (error instanceof FencedError) throw error;
      await this.isolate(fresh, batchEnd);
    }
  }

  /** The batch failed: apply event by event to find the poison one; it is retried, then skipped, visibly. */
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
    const projected = events.filter((event) => handles(this.projection, event.type)).map(toProjectedEvent);
    if (!projected.length) {
      // Nothing of this batch is for this projection (every projection reads every event): one statement moves the
      // checkpoint, fenced, without a transaction around it.
      await this.moveCheckpoint(this.db, checkpoint);
    } else {
      await this.db.transaction(async (tx) => {
        // First: fences, and locks the row until this batch's documents are written with it.
        await this.moveCheckpoint(tx, checkpoint);
        const keys = [...new Set(projected.flatMap((event) => this.projection.keys(event)))];
        const documents = new Map<string, unknown>(await this.projection.load(tx, keys));
        const changed = foldDocuments(this.projection, documents, projected);
        if (changed.size) {
          await this.projection.save(tx, new Map([...changed].map((key) => [key, documents.get(key) ?? null])));
        }
      });
    }
    this.checkpoint = checkpoint;
  }

  /** Another writer moved the checkpoint (a rebuild, a runner that kept going after losing its lease): stop. */
  private async moveCheckpoint(db: SqlExecutor, to: Checkpoint): Promise<void> {
    if (!(await moveCheckpoint(db, this.name, this.projection.version, this.checkpoint, to))) {
      throw new FencedError(`checkpoint of ${this.name} moved under this runner`);
    }
  }

  private async recordFailure(event: RecordedEvent, error: unknown): Promise<number> {
    const { rows } = await this.db.query<{ attempts: number }>(
      `insert into read.projection_failures as f (projection, event_id, stream, stream_version, type, transaction_id, position, error, attempts)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 1)
       on conflict (projection, event_id) do update set attempts = f.attempts + 1, error = excluded.error, last_failed_at = now()
       returning attempts`,
      [this.name, event.id, event.stream, event.version, event.type, event.transactionId.toString(), event.position.toString(), String((error as Error)?.message ?? error).slice(0, 2000)],
    );
    return Number(rows[0].attempts);
  }

  private async skip(event: RecordedEvent): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.moveCheckpoint(tx, checkpointOf(event));
      await tx.query('update read.projection_failures set skipped = true where projection = $1 and event_id = $2', [this.name, event.id]);
    });
    this.checkpoint = checkpointOf(event);
  }
}

/** Starts reading a batch ahead; a failure surfaces when (and only if) the batch is awaited. */
function prefetch(store: EventStore, after: Checkpoint, limit: number): Promise<RecordedEvent[]> {
  const reading = store.readAll({ after, limit });
  reading.catch(() => undefined);
  return reading;
}
