import type { Lease } from '@peps/sql';
import { compareCheckpoints, START, type Checkpoint, type EventStore, type RecordedEvent, type Subscription } from '../event-store.port.js';
import type { Leases } from './leases.js';
import { errorMessage, type RunnerLogger } from './runner-logger.js';
import { FencedError, type RunnerTarget } from './runner-target.js';

export type RunnerState = 'stopped' | 'standby' | 'active';

export interface CheckpointedRunnerOptions {
  /** Names the runner in its log lines: `Projection account-list`, `Process manager mail`. */
  label: string;
  /** One active runner per key and database: `projection:<name>`, `pm:<name>`. */
  leaseKey: string;
  leases: Leases;
  /** Only these types are delivered live (process managers); every event by default. */
  eventTypes?: readonly string[];
  batchSize: number;
  /** How often a standby tries to take the lease, and an active runner checks it still holds it. */
  leaseRetryMs: number;
  /** Attempts of an event failing on its own before it is set aside. */
  maxAttempts: number;
  logger: RunnerLogger;
  /** On becoming active, once the live subscription started. */
  onActive?(): void;
  /** After each live batch was committed. */
  afterLiveBatch?(): void;
}

export interface CatchUpOptions {
  /** Wait (at most 10 s) until this checkpoint is read: a transaction begun earlier may hide it for a moment. */
  until?: Checkpoint;
  onProgress?(applied: number, checkpoint: Checkpoint): void;
}

/** The lease was lost between two batches: the next lease check stands this runner by. */
class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

export function checkpointOf(event: { transactionId: bigint; position: bigint }): Checkpoint {
  return { transactionId: event.transactionId, position: event.position };
}

/**
 * The core every consumer of the log runs on (projections, process managers). Only the holder of the lease
 * `leaseKey` follows the log: from the stored checkpoint, catch-up then live. Each batch is committed by the target
 * together with the checkpoint move, fenced on the checkpoint this runner holds, so a batch is applied once even if
 * two runners ever overlap; fenced, the runner reloads the checkpoint and follows again. A batch that fails is
 * applied event by event: the failing event is retried (the subscription delivers it again), then set aside.
 * A standby retries the lease every `leaseRetryMs` and takes over when the holder goes.
 */
export class CheckpointedRunner {
  private checkpoint: Checkpoint = START;
  private subscription: Subscription | null = null;
  private lease: Lease | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private needsRestart = false;
  private running = false;

  constructor(
    readonly store: EventStore,
    private readonly target: RunnerTarget,
    readonly options: CheckpointedRunnerOptions,
  ) {}

  get state(): RunnerState {
    if (!this.running) return 'stopped';
    return this.subscription ? 'active' : 'standby';
  }

  /** Started (competing for the lease or holding it). */
  get started(): boolean {
    return this.running;
  }

  /** Following the log live. */
  get live(): boolean {
    return this.subscription !== null;
  }

  /** Following the log live, and the lease still held. */
  holding(): boolean {
    return this.running && this.subscription !== null && (this.lease?.isHeld() ?? false);
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

  async load(): Promise<void> {
    this.checkpoint = await this.target.load();
  }

  /** The target was reset: the runner stands at the start again. */
  rewind(): void {
    this.checkpoint = START;
  }

  /**
   * Applies everything available now, then returns (CLI, tests, bench). Meant for a process that is the only
   * writer; if another runner is active, fencing makes one of them stop rather than apply twice.
   */
  async catchUp({ until, onProgress }: CatchUpOptions = {}): Promise<number> {
    await this.load();
    const { batchSize } = this.options;
    let applied = 0;
    const deadline = Date.now() + 10_000;
    let next: Promise<RecordedEvent[]> | null = null;
    for (;;) {
      const events = await (next ?? this.store.readAll({ after: this.checkpoint, limit: batchSize }));
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
      next = prefetch(this.store, batchEnd, batchSize);
      await this.apply(events, batchEnd);
      applied += events.length;
      onProgress?.(applied, this.checkpoint);
    }
  }

  /** Applies a batch read outside the live subscription (catch-ups). */
  apply(events: RecordedEvent[], batchEnd: Checkpoint): Promise<void> {
    return this.handle(events, batchEnd, false);
  }

  /** Stops following live while `work` (a reset) runs, then follows again from the checkpoint the target keeps. */
  async restartLive(work: () => Promise<void>): Promise<void> {
    await this.stopSubscription();
    try {
      await work();
      if (this.running && this.lease) await this.activate();
    } catch (error) {
      this.needsRestart = true;
      throw error;
    }
  }

  private scheduleTick(delay = this.options.leaseRetryMs): void {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delay);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    const { label, logger } = this.options;
    this.ticking = (async () => {
      try {
        if (!this.running) return;
        if (!this.lease) {
          this.lease = await this.options.leases.tryAcquire(this.options.leaseKey);
          if (this.lease) {
            logger.log(`${label}: active`);
            await this.activate();
          }
        } else if (!this.lease.isHeld()) {
          logger.warn(`${label}: lease lost, standing by`);
          await this.deactivate();
        } else if (this.needsRestart) {
          await this.activate();
        }
      } catch (error) {
        logger.error(`${label}: ${errorMessage(error)}`);
        await this.deactivate().catch(() => undefined);
      }
    })();
    await this.ticking;
    this.ticking = null;
    this.scheduleTick();
  }

  private async activate(): Promise<void> {
    await this.stopSubscription();
    this.needsRestart = false;
    await this.load();
    const { eventTypes, batchSize } = this.options;
    this.subscription = this.store.subscribe({
      after: this.checkpoint,
      ...(eventTypes ? { eventTypes } : {}),
      batchSize,
      onEvents: async (events, batchEnd) => {
        await this.handle(events, batchEnd, true);
        this.options.afterLiveBatch?.();
      },
      onError: (error, attempt) => {
        if (error instanceof FencedError || error instanceof LeaseLostError) {
          this.needsRestart = true;
          this.scheduleTick(0);
          return;
        }
        // The subscription delivers the batch again after a pause: a failing event is retried that way.
        this.options.logger.warn(`${this.options.label}: subscription error (attempt ${attempt}): ${errorMessage(error)}`);
      },
    });
    this.options.onActive?.();
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

  private async handle(events: RecordedEvent[], batchEnd: Checkpoint, live: boolean): Promise<void> {
    if (live && !this.lease?.isHeld()) throw new LeaseLostError(`lease ${this.options.leaseKey} lost`);
    if (compareCheckpoints(batchEnd, this.checkpoint) <= 0) return;
    // A subscription restarting after an error re-delivers what was already committed: skip it.
    const fresh = events.filter((event) => compareCheckpoints(checkpointOf(event), this.checkpoint) > 0);
    try {
      await this.commit(fresh, batchEnd);
    } catch (error) {
      if (error instanceof FencedError) throw error;
      await this.isolate(fresh, batchEnd);
    }
  }

  /** The batch failed: apply event by event to find the failing one; it is retried, then set aside, visibly. */
  private async isolate(events: RecordedEvent[], batchEnd: Checkpoint): Promise<void> {
    for (const event of events) {
      const at = checkpointOf(event);
      if (compareCheckpoints(at, this.checkpoint) <= 0) continue;
      try {
        await this.commit([event], at);
      } catch (error) {
        if (error instanceof FencedError) throw error;
        const attempts = await this.target.recordFailure(event, error);
        if (attempts < this.options.maxAttempts) throw error;
        await this.target.skip(event, this.checkpoint, { error, attempts });
        this.checkpoint = at;
      }
    }
    if (compareCheckpoints(batchEnd, this.checkpoint) > 0) await this.commit([], batchEnd);
  }

  private async commit(events: readonly RecordedEvent[], to: Checkpoint): Promise<void> {
    await this.target.commit(events, this.checkpoint, to);
    this.checkpoint = to;
  }
}

/** Starts reading a batch ahead; a failure surfaces when (and only if) the batch is awaited. */
function prefetch(store: EventStore, after: Checkpoint, limit: number): Promise<RecordedEvent[]> {
  const reading = store.readAll({ after, limit });
  reading.catch(() => undefined);
  return reading;
}
