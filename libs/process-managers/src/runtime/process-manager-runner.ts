import {
  CheckpointedRunner,
  checkpointOf,
  countLag,
  errorMessage as message,
  silentLogger,
  sqlLeases,
  START,
  type EventStore,
  type RecordedEvent,
  type RunnerLogger,
  type RunnerTarget,
} from '@peps/event-store';
import type { SqlDatabase } from '@peps/sql';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { EffectDispatch } from './effect-dispatch.js';
import { causeOf, enqueueEffects } from './effect-queue.js';
import { moveManagerCheckpoint, openManagerCheckpoint, readManagerCheckpoint } from './pm-checkpoints.js';
import type { ProcessManagerDefinition } from './process-manager.js';

export interface ProcessManagerRunnerOptions {
  /** A standby runner tries to take the lease this often; an active one checks it still holds it. */
  leaseRetryMs?: number;
  batchSize?: number;
  /** Effects performed at once: also the most a crash can duplicate. */
  concurrency?: number;
  /** Due effects (retries) are looked for this often, besides right after new ones are queued. */
  dispatchIntervalMs?: number;
  /** `poll()` of clock-driven managers. */
  pollIntervalMs?: number;
  backoff?: BackoffPolicy;
  logger?: RunnerLogger;
  /** Platform clock: the time written in the events recording effects. */
  now?: () => Date;
}

/** Effects counted by `status()` at most: a larger backlog reads as "at least this". */
const STATUS_COUNT_CAP = 100_000;
/** Lag counted up to this many events (it was read up to this many before). */
const LAG_CAP = 10_000;

/**
 * Runs one process manager durably, on the runner core (`CheckpointedRunner` of @peps/event-store): only the
 * holder of the lease `pm:<name>` runs, the others stand by.
 * - Planning: the core follows the log from the manager's checkpoint; each event becomes effects, queued in
 *   `pm.effects` in the same transaction that moves the checkpoint: a crash loses no effect, a replay queues none
 *   twice. A poison event is set aside at once (`pm.poison_events`).
 * - Dispatch: due effects are performed `concurrency` at a time; each performed effect is recorded as an event
 *   whose id is the effect id, and the record stream is read before performing, so a recorded effect is never
 *   repeated. Only a crash between performing and recording repeats one (at most the in-flight batch).
 * - Failures retry with exponential backoff, then stay `failed`, visible.
 */
export class ProcessManagerRunner {
  private readonly core: CheckpointedRunner;
  private readonly dispatch: EffectDispatch;
  private dispatchTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private dispatching: Promise<void> | null = null;
  private dispatchAgain = false;
  private polling: Promise<void> | null = null;
  private readonly options: Required<ProcessManagerRunnerOptions>;

  constructor(
    readonly manager: ProcessManagerDefinition,
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    options: ProcessManagerRunnerOptions = {},
  ) {
    this.options = {
      leaseRetryMs: 2_000,
      batchSize: 200,
      concurrency: 8,
      dispatchIntervalMs: 1_000,
      pollIntervalMs: 3_000,
      backoff: DEFAULT_BACKOFF,
      logger: silentLogger,
      now: () => new Date(),
      ...options,
    };
    this.dispatch = new EffectDispatch(manager, store, db, this.options);
    this.core = new CheckpointedRunner(store, this.planning(), {
      label: `Process manager ${manager.name}`,
      leaseKey: `pm:${manager.name}`,
      leases: sqlLeases(db),
      eventTypes: manager.eventTypes,
      batchSize: this.options.batchSize,
      leaseRetryMs: this.options.leaseRetryMs,
      // A manager plans from pure decisions: an event that fails once fails every time.
      maxAttempts: 1,
      logger: this.options.logger,
      onActive: () => {
        this.wakeDispatcher();
        if (this.manager.poll) this.schedule('poll', 0);
      },
      afterLiveBatch: () => this.wakeDispatcher(),
    });
  }

  get name(): string {
    return this.manager.name;
  }

  get active(): boolean {
    return this.core.live;
  }

  async start(): Promise<void> {
    await this.core.start();
  }

  async stop(): Promise<void> {
    for (const timer of [this.dispatchTimer, this.pollTimer]) if (timer) clearTimeout(timer);
    await this.core.stop();
    await this.dispatching;
    await this.polling;
  }

  /**
   * Plans everything in the log now, then performs every due effect and polls once (CLI and tests).
   * Meant for a process that is the only runner; the checkpoint fence stops a concurrent one.
   */
  async runOnce(): Promise<void> {
    // Everything committed before this call must be planned, even events a concurrent transaction elsewhere on
    // the server still hides from readers for a moment (bounded wait).
    await this.core.catchUp({ until: await this.store.committedHead?.() });
    if (this.manager.poll) await this.manager.poll();
    await this.drain();
  }

  /** Performs due effects until none is due. */
  async drain(): Promise<void> {
    while ((await this.dispatch.batch()) > 0);
  }

  /** Events not yet planned, effects waiting, effects given up. */
  async status(): Promise<{ lag: number; pending: number; failed: number; active: boolean }> {
    const from = (await readManagerCheckpoint(this.db, this.name)) ?? START;
    // Counted, not read: reading up to 10,000 whole events per manager on every /api/health call made the
    // platform's resident size jump during a long catch-up.
    const lag = await countLag(this.store, from, LAG_CAP, this.manager.eventTypes);
    // Capped counts: /api/health asks often, and counting a backlog of a million effects would slow its draining.
    const { rows: counts } = await this.db.query<{ pending: string; failed: string }>(
      `select (select count(*) from (select 1 from pm.effects where manager = $1 and status = 'pending' limit $2) p)::text as pending,
              (select count(*) from (select 1 from pm.effects where manager = $1 and status = 'failed' limit $2) f)::text as failed`,
      [this.name, STATUS_COUNT_CAP],
    );
    return { lag, pending: Number(counts[0].pending), failed: Number(counts[0].failed), active: this.active };
  }

  private schedule(kind: 'dispatch' | 'poll', delay: number): void {
    if (!this.core.started) return;
    const timer = setTimeout(kind === 'dispatch' ? () => this.wakeDispatcher() : () => void this.pollTick(), delay);
    timer.unref?.();
    if (kind === 'dispatch') {
      if (this.dispatchTimer) clearTimeout(this.dispatchTimer);
      this.dispatchTimer = timer;
    } else {
      if (this.pollTimer) clearTimeout(this.pollTimer);
      this.pollTimer = timer;
    }
  }

  // ------------------------------------------------------------------ planning

  /** The manager as the core feeds it: effects queued (and deadlines tracked) with the checkpoint move. */
  private planning(): RunnerTarget {
    const { manager, db } = this;
    return {
      load: () => openManagerCheckpoint(db, manager.name),
      commit: async (events, from, to) => {
        // Catch-ups read every event; the live subscription only these.
        const handled = events.filter((event) => manager.eventTypes.includes(event.type));
        // Planning is pure: done before the transaction, so a planning error names its event.
        const queued = handled.flatMap((event) => (manager.plan?.(event) ?? []).map((effect) => ({ cause: causeOf(event), effect })));
        if (!queued.length && !(manager.track && handled.length)) {
          // Nothing to queue or track: one fenced statement moves the checkpoint.
          await moveManagerCheckpoint(db, manager.name, from, to);
          return;
        }
        await db.transaction(async (tx) => {
          // First: fences, and locks the row until the effects are queued with it.
          await moveManagerCheckpoint(tx, manager.name, from, to);
          if (manager.track && handled.length) await manager.track(tx, handled);
          await enqueueEffects(tx, manager.name, queued);
        });
      },
      // Set aside at the first failure (maxAttempts 1): the poison record is written with the checkpoint move.
      recordFailure: async () => 1,
      skip: async (event: RecordedEvent, from, { error }) => {
        this.options.logger.error(`Process manager ${manager.name}: event ${event.type} ${event.stream}@${event.version} set aside: ${message(error)}`);
        await db.transaction(async (tx) => {
          await moveManagerCheckpoint(tx, manager.name, from, checkpointOf(event));
          await tx.query(
            `insert into pm.poison_events (manager, event_id, event_type, stream, error) values ($1, $2, $3, $4, $5)
             on conflict (manager, event_id) do update set error = excluded.error, recorded_at = now()`,
            [manager.name, event.id, event.type, event.stream, message(error)],
          );
        });
      },
    };
  }

  // ------------------------------------------------------------------ dispatch

  private wakeDispatcher(): void {
    if (!this.core.holding()) return;
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = (async () => {
      try {
        do {
          this.dispatchAgain = false;
          while (this.core.holding() && (await this.dispatch.batch()) > 0);
        } while (this.dispatchAgain && this.core.holding());
      } catch (error) {
        this.options.logger.error(`Process manager ${this.name}: dispatch: ${message(error)}`);
      }
    })();
    void this.dispatching.finally(() => {
      this.dispatching = null;
      this.schedule('dispatch', this.options.dispatchIntervalMs);
    });
  }

  // ------------------------------------------------------------------ clock-driven work

  private async pollTick(): Promise<void> {
    if (!this.core.holding() || this.polling || !this.manager.poll) {
      this.schedule('poll', this.options.pollIntervalMs);
      return;
    }
    this.polling = this.manager.poll().catch((error: unknown) => this.options.logger.error(`Process manager ${this.name}: poll: ${message(error)}`));
    await this.polling;
    this.polling = null;
    this.schedule('poll', this.options.pollIntervalMs);
  }
}
