import {
  catchUpTogether,
  CheckpointedRunner,
  countLag,
  silentLogger,
  START,
  type Checkpoint,
  type EventStore,
  type Leases,
  type RecordedEvent,
  type RunnerLogger,
  type RunnerState,
  type RunnerTarget,
} from '@peps/event-store';
import { handles, LAG_COUNT_CAP, toProjectedEvent, type Projection } from './projection.js';
import type { ProjectionStore } from './projection-store.js';

export interface ProjectionRunnerOptions {
  /** How often a standby runner tries to take the lease, and an active one checks it still holds it. */
  leaseRetryMs?: number;
  /** Attempts of a failing event before it is recorded as skipped and passed. */
  maxAttempts?: number;
  batchSize?: number;
  logger?: RunnerLogger;
  /** Where to take the lease instead of the read store's own (tests: two "processes" on one store). */
  leases?: Leases;
}

/**
 * Feeds one projection from its checkpoint, on either read store: the lease, the subscription, batches, fencing
 * and poison events are the runner core's (`CheckpointedRunner` of @peps/event-store); the read store writes each
 * batch with its checkpoint (`ProjectionStore`). A projection whose version changed is rebuilt from zero.
 */
export class ProjectionRunner {
  private readonly core: CheckpointedRunner;
  private readonly logger: RunnerLogger;

  constructor(
    readonly projection: Projection,
    store: EventStore,
    readonly readStore: ProjectionStore,
    options: ProjectionRunnerOptions = {},
  ) {
    const { leaseRetryMs = 2_000, maxAttempts = 3, batchSize = 500, logger = silentLogger, leases = readStore.leases } = options;
    this.logger = logger;
    this.core = new CheckpointedRunner(store, this.target(), {
      label: `Projection ${projection.name}`,
      leaseKey: `projection:${projection.name}`,
      leases,
      batchSize,
      leaseRetryMs,
      maxAttempts,
      logger,
    });
  }

  get name(): string {
    return this.projection.name;
  }

  get state(): RunnerState {
    return this.core.state;
  }

  /** The checkpoint this runner last committed (or loaded). */
  get position(): Checkpoint {
    return this.core.position;
  }

  /** Starts competing for the lease; resolves after the first attempt. */
  start(): Promise<void> {
    return this.core.start();
  }

  stop(): Promise<void> {
    return this.core.stop();
  }

  /** Events of the log after this projection's stored checkpoint. */
  async lag(cap = LAG_COUNT_CAP): Promise<number> {
    const stored = await this.readStore.checkpoint(this.name);
    return countLag(this.core.store, stored?.checkpoint ?? START, cap);
  }

  /**
   * Applies everything available now, then returns (CLI, tests, bench). Meant for a process that is the only
   * writer; if another runner is active, fencing makes one of them stop rather than apply twice.
   */
  catchUp(onProgress?: (applied: number, checkpoint: Checkpoint) => void, until?: Checkpoint): Promise<number> {
    return this.core.catchUp({ onProgress, until });
  }

  /** Catches several runners up on one read of the log (see `catchUpTogether` of @peps/event-store). */
  static catchUpTogether(runners: readonly ProjectionRunner[], onProgress?: (applied: number, checkpoint: Checkpoint) => void, ahead = 4): Promise<number> {
    return catchUpTogether(runners.map((runner) => runner.core), onProgress, ahead);
  }

  /** Empties the projections and replays the log once for all of them (see `catchUpTogether`). */
  static async rebuildTogether(runners: readonly ProjectionRunner[], onProgress?: (applied: number, checkpoint: Checkpoint) => void): Promise<number> {
    // A runner with a live subscription restarts it from zero itself; the others share one read of the log.
    const idle = runners.filter((runner) => !runner.core.live);
    await Promise.all(runners.filter((runner) => runner.core.live).map((runner) => runner.rebuild()));
    await Promise.all(idle.map((runner) => runner.reset()));
    if (!idle.length) return 0;
    return idle[0].readStore.rebuilding(
      idle.map((runner) => runner.projection),
      () => ProjectionRunner.catchUpTogether(idle, onProgress),
    );
  }

  /** Empties the projection and replays the whole log (the active subscription, if any, restarts from zero). */
  async rebuild(onProgress?: (applied: number, checkpoint: Checkpoint) => void, until?: Checkpoint): Promise<number> {
    if (this.core.live) {
      await this.core.restartLive(() => this.reset());
      return 0;
    }
    await this.reset();
    return this.catchUp(onProgress, until);
  }

  async reset(): Promise<void> {
    await this.readStore.reset(this.projection);
    this.core.rewind();
  }

  /** The projection as the core feeds it: only the events it handles reach the store, the checkpoint passes all. */
  private target(): RunnerTarget {
    const { projection, readStore } = this;
    return {
      load: async () => {
        const stored = await readStore.openCheckpoint(projection);
        if (stored.version === projection.version) return stored.checkpoint;
        this.logger.warn(`Projection ${projection.name}: version ${stored.version} → ${projection.version}, rebuilding`);
        await readStore.reset(projection);
        return START;
      },
      commit: (events, from, to) =>
        readStore.writeBatch(projection, events.filter((event) => handles(projection, event.type)).map(toProjectedEvent), from, to),
      recordFailure: (event, error) => readStore.recordFailure(projection.name, event, error),
      skip: async (event: RecordedEvent, from, { error, attempts }) => {
        await readStore.skipFailed(projection, event, from);
        this.logger.error(
          `Projection ${projection.name}: event ${event.type} ${event.stream}@${event.version} (${event.id}) skipped after ${attempts} failures: ${(error as Error).message}`,
        );
      },
    };
  }
}
