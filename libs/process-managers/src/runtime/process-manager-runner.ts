import {
  compareCheckpoints,
  START,
  type Checkpoint,
  type EventStore,
  type RecordedEvent,
  type StreamAppend,
  type Subscription,
} from '@peps/event-store';
import type { Lease, SqlDatabase, SqlExecutor } from '@peps/sql';
import { DEFAULT_BACKOFF, nextAttemptDelay, type BackoffPolicy } from './backoff.js';
import { deterministicUuid } from './deterministic-id.js';
import { causeOf, dueEffects, enqueueEffects, finishEffect, finishEffects, recordAttemptFailure } from './effect-queue.js';
import {
  newDispatchBatch,
  PermanentEffectError,
  type DispatchBatch,
  type EffectRecord,
  type PendingEffect,
  type ProcessManagerDefinition,
} from './process-manager.js';

export interface RunnerLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

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

class FencedError extends Error {
  override readonly name = 'FencedError';
}

/** Effects counted by `status()` at most: a larger backlog reads as "at least this". */
const STATUS_COUNT_CAP = 100_000;
/** Lag counted up to this many events (it was read up to this many before). */
const LAG_CAP = 10_000;

const silent: RunnerLogger = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** An effect performed in a dispatch batch, waiting to be recorded with the others. */
interface PerformedEffect {
  effect: PendingEffect;
  record: EffectRecord;
  after?: () => Promise<void>;
}

const checkpointOf = (event: RecordedEvent): Checkpoint => ({ transactionId: event.transactionId, position: event.position });

function message(error: unknown): string {
  return (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 1_000);
}

/**
 * Runs one process manager durably.
 * - Planning: a subscription from the manager's checkpoint turns each event into effects, queued in `pm.effects`
 *   in the same transaction that moves the checkpoint: a crash loses no effect, a replay queues none twice.
 * - Dispatch: due effects are performed `concurrency` at a time; each performed effect is recorded as an event
 *   whose id is the effect id, and the record stream is read before performing, so a recorded effect is never
 *   repeated. Only a crash between performing and recording repeats one (at most the in-flight batch).
 * - Failures retry with exponential backoff, then stay `failed`, visible; a poison event is set aside.
 * - Only the holder of the lease `pm:<name>` runs; the others stand by.
 */
export class ProcessManagerRunner {
  private checkpoint: Checkpoint = START;
  private subscription: Subscription | null = null;
  private lease: Lease | null = null;
  private running = false;
  private leaseTimer: NodeJS.Timeout | null = null;
  private dispatchTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private leaseTicking: Promise<void> | null = null;
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
      logger: silent,
      now: () => new Date(),
      ...options,
    };
  }

  get name(): string {
    return this.manager.name;
  }

  get active(): boolean {
    return this.subscription !== null;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.leaseTick();
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const timer of [this.leaseTimer, this.dispatchTimer, this.pollTimer]) if (timer) clearTimeout(timer);
    await this.leaseTicking;
    await this.deactivate();
    await this.dispatching;
    await this.polling;
  }

  /**
   * Plans everything in the log now, then performs every due effect and polls once (CLI and tests).
   * Meant for a process that is the only runner; the checkpoint fence stops a concurrent one.
   */
  async runOnce(): Promise<void> {
    await this.loadCheckpoint();
    // Everything committed before this call must be planned, even events a concurrent transaction elsewhere on
    // the server still hides from readers for a moment (bounded wait).
    const target = await this.store.committedHead?.();
    const deadline = Date.now() + 10_000;
    let scanned: Checkpoint | undefined;
    for (;;) {
      const events = await this.store.readAll({ after: scanned ?? this.checkpoint, limit: this.options.batchSize });
      if (events.length) {
        scanned = checkpointOf(events[events.length - 1]);
        const handled = events.filter((e) => this.manager.eventTypes.includes(e.type));
        if (handled.length) await this.handle(handled, checkpointOf(handled[handled.length - 1]));
        continue;
      }
      const reached = scanned ?? this.checkpoint;
      if (!target || compareCheckpoints(reached, target) >= 0 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (this.manager.poll) await this.manager.poll();
    await this.drain();
  }

  /** Performs due effects until none is due. */
  async drain(): Promise<void> {
    while ((await this.dispatchBatch()) > 0);
  }

  /** Events not yet planned, effects waiting, effects given up. */
  async status(): Promise<{ lag: number; pending: number; failed: number; active: boolean }> {
    const { rows } = await this.db.query<{ checkpoint_tx: string | null; checkpoint_pos: string | null }>(
      'select transaction_id as checkpoint_tx, position::text as checkpoint_pos from pm.checkpoints where manager = $1',
      [this.name],
    );
    const from = rows.length ? { transactionId: BigInt(rows[0].checkpoint_tx!), position: BigInt(rows[0].checkpoint_pos!) } : START;
    // Counted, not read: reading up to 10,000 whole events per manager on every /api/health call made the
    // platform's resident size jump during a long catch-up.
    const lag = this.store.countAfter
      ? await this.store.countAfter(from, LAG_CAP, this.manager.eventTypes)
      : (await this.store.readAll({ after: from, eventTypes: this.manager.eventTypes, limit: LAG_CAP })).length;
    // Capped counts: /api/health asks often, and counting a backlog of a million effects would slow its draining.
    const { rows: counts } = await this.db.query<{ pending: string; failed: string }>(
      `select (select count(*) from (select 1 from pm.effects where manager = $1 and status = 'pending' limit $2) p)::text as pending,
              (select count(*) from (select 1 from pm.effects where manager = $1 and status = 'failed' limit $2) f)::text as failed`,
      [this.name, STATUS_COUNT_CAP],
    );
    return { lag, pending: Number(counts[0].pending), failed: Number(counts[0].failed), active: this.active };
  }

  // ------------------------------------------------------------------ lease

  private schedule(kind: 'lease' | 'dispatch' | 'poll', delay: number): void {
    if (!this.running) return;
    const run = kind === 'lease' ? () => void this.leaseTick() : kind === 'dispatch' ? () => this.wakeDispatcher() : () => void this.pollTick();
    const timer = setTimeout(run, delay);
    timer.unref?.();
    if (kind === 'lease') {
      if (this.leaseTimer) clearTimeout(this.leaseTimer);
      this.leaseTimer = timer;
    } else if (kind === 'dispatch') {
      if (this.dispatchTimer) clearTimeout(this.dispatchTimer);
      this.dispatchTimer = timer;
    } else {
      if (this.pollTimer) clearTimeout(this.pollTimer);
      this.pollTimer = timer;
    }
  }

  private async leaseTick(): Promise<void> {
    if (this.leaseTicking) return;
    this.leaseTicking = (async () => {
      try {
        if (!this.running) return;
        if (!this.lease) {
          this.lease = await this.db.tryAcquireLease(`pm:${this.name}`);
          if (this.lease) {
            this.options.logger.log(`Process manager ${this.name}: active`);
            await this.activate();
          }
        } else if (!this.lease.isHeld()) {
          this.options.logger.warn(`Process manager ${this.name}: lease lost, standing by`);
          await this.deactivate();
        } else if (!this.subscription) {
          await this.activate();
        }
      } catch (error) {
        this.options.logger.error(`Process manager ${this.name}: ${message(error)}`);
        await this.deactivate().catch(() => undefined);
      }
    })();
    await this.leaseTicking;
    this.leaseTicking = null;
    this.schedule('lease', this.options.leaseRetryMs);
  }

  private async activate(): Promise<void> {
    await this.loadCheckpoint();
    this.subscription = this.store.subscribe({
      after: this.checkpoint,
      eventTypes: this.manager.eventTypes,
      batchSize: this.options.batchSize,
      onEvents: async (events, batchEnd) => {
        if (!this.lease?.isHeld()) throw new FencedError(`lease of ${this.name} lost`);
        await this.handle(events, batchEnd);
        this.wakeDispatcher();
      },
      onError: (error, attempt) => {
        this.options.logger.warn(`Process manager ${this.name}: subscription error (attempt ${attempt}): ${message(error)}`);
        if (error instanceof FencedError) {
          void this.deactivate().then(() => this.schedule('lease', 0));
        }
      },
    });
    this.wakeDispatcher();
    if (this.manager.poll) this.schedule('poll', 0);
  }

  private async deactivate(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    const lease = this.lease;
    this.lease = null;
    await lease?.release();
  }

  private holding(): boolean {
    return this.running && this.subscription !== null && (this.lease?.isHeld() ?? false);
  }

  // ------------------------------------------------------------------ planning

  private async loadCheckpoint(): Promise<void> {
    await this.db.query(
      `insert into pm.checkpoints (manager, transaction_id, position) values ($1, '0', 0) on conflict (manager) do nothing`,
      [this.name],
    );
    const { rows } = await this.db.query<{ transaction_id: string; position: string }>(
      'select transaction_id, position::text as position from pm.checkpoints where manager = $1',
      [this.name],
    );
    this.checkpoint = rows.length ? { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) } : START;
  }

  private async handle(events: RecordedEvent[], batchEnd: Checkpoint): Promise<void> {
    // A restarted subscription re-delivers what was already planned: skip it.
    const fresh = events.filter((event) => compareCheckpoints(checkpointOf(event), this.checkpoint) > 0);
    if (compareCheckpoints(batchEnd, this.checkpoint) <= 0) return;
    try {
      await this.commit(fresh, batchEnd);
    } catch (error) {
      if (error instanceof FencedError) throw error;
      // One event spoils the batch: plan event by event, setting the poison one aside.
      for (const event of fresh) {
        try {
          await this.commit([event], checkpointOf(event));
        } catch (single) {
          if (single instanceof FencedError) throw single;
          await this.setAside(event, single);
        }
      }
      if (compareCheckpoints(batchEnd, this.checkpoint) > 0) await this.commit([], batchEnd);
    }
  }

  private async commit(events: RecordedEvent[], checkpoint: Checkpoint): Promise<void> {
    // Planning is pure: done before the transaction, so a planning error names its event.
    const queued = events.flatMap((event) => (this.manager.plan?.(event) ?? []).map((effect) => ({ cause: causeOf(event), effect })));
    if (!queued.length && !(this.manager.track && events.length)) {
      // Nothing to queue or track (every manager reads every event): one fenced statement moves the checkpoint.
      await this.moveCheckpoint(this.db, checkpoint);
    } else {
      await this.db.transaction(async (tx) => {
        // First: fences, and locks the row until the effects are queued with it.
        await this.moveCheckpoint(tx, checkpoint);
        if (this.manager.track && events.length) await this.manager.track(tx, events);
        await enqueueEffects(tx, this.name, queued);
      });
    }
    this.checkpoint = checkpoint;
  }

  /** Moves the checkpoint only from where this runner left it: another runner moved it → FencedError. */
  private async moveCheckpoint(db: SqlExecutor, to: Checkpoint): Promise<void> {
    const { rows } = await db.query(
      `update pm.checkpoints set transaction_id = $4, position = $5, updated_at = now()
       where manager = $1 and transaction_id::numeric = $2::numeric and position = $3 returning 1`,
      [this.name, this.checkpoint.transactionId.toString(), this.checkpoint.position.toString(), to.transactionId.toString(), to.position.toString()],
    );
    if (rows.length !== 1) throw new FencedError(`checkpoint of ${this.name} moved by another runner`);
  }

  /** A poison event: recorded, logged, passed. */
  private async setAside(event: RecordedEvent, error: unknown): Promise<void> {
    this.options.logger.error(`Process manager ${this.name}: event ${event.type} ${event.stream}@${event.version} set aside: ${message(error)}`);
    await this.db.transaction(async (tx) => {
      await this.moveCheckpoint(tx, checkpointOf(event));
      await tx.query(
        `insert into pm.poison_events (manager, event_id, event_type, stream, error) values ($1, $2, $3, $4, $5)
         on conflict (manager, event_id) do update set error = excluded.error, recorded_at = now()`,
        [this.name, event.id, event.type, event.stream, message(error)],
      );
    });
    this.checkpoint = checkpointOf(event);
  }

  // ------------------------------------------------------------------ dispatch

  private wakeDispatcher(): void {
    if (!this.holding()) return;
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = (async () => {
      try {
        do {
          this.dispatchAgain = false;
          while (this.holding() && (await this.dispatchBatch()) > 0);
        } while (this.dispatchAgain && this.holding());
      } catch (error) {
        this.options.logger.error(`Process manager ${this.name}: dispatch: ${message(error)}`);
      }
    })();
    void this.dispatching.finally(() => {
      this.dispatching = null;
      this.schedule('dispatch', this.options.dispatchIntervalMs);
    });
  }

  private async dispatchBatch(): Promise<number> {
    if (!this.manager.perform) return 0;
    const effects = await dueEffects(this.db, this.name, new Date(), this.options.concurrency);
    const batch = newDispatchBatch();
    const performed = await Promise.all(effects.map((effect) => this.performOne(effect, batch)));
    await this.recordDone(performed.filter((item): item is PerformedEffect => item !== undefined));
    return effects.length;
  }

  /** Performs one effect; one that is done comes back to be recorded with the rest of its batch. */
  private async performOne(effect: PendingEffect, batch: DispatchBatch): Promise<PerformedEffect | undefined> {
    try {
      const recordStream = this.manager.recordStream?.(effect);
      if (recordStream) {
        const recorded = await this.store.readStream(recordStream);
        if (recorded.some((event) => event.id === effect.effectId)) {
          await finishEffect(this.db, effect.effectId, 'done');
          return undefined;
        }
      }
      const outcome = await this.manager.perform!(effect, batch);
      switch (outcome.outcome) {
        case 'done':
          return { effect, record: outcome.record, after: outcome.after };
        case 'skipped':
          this.options.logger.log(`Process manager ${this.name}: ${effect.kind} ${effect.effectId} skipped: ${outcome.reason}`);
          await finishEffect(this.db, effect.effectId, 'skipped', outcome.reason);
          return;
        case 'spawn':
          await this.db.transaction(async (tx) => {
            const cause = { id: effect.causeEventId, type: effect.causeType, stream: effect.causeStream, occurredAt: effect.causeOccurredAt, correlationId: effect.causeCorrelationId };
            await enqueueEffects(
              tx,
              this.name,
              outcome.effects.map((spawned) => ({ cause, effect: spawned, idSeed: effect.effectId })),
            );
            await finishEffect(tx, effect.effectId, 'done');
          });
          return undefined;
        default: {
          const unexpected: never = outcome;
          throw new Error(`Unknown outcome ${JSON.stringify(unexpected)}`);
        }
      }
    } catch (error) {
      await this.failedQuietly(effect, error);
      return undefined;
    }
  }

  /**
   * The effects of a batch that were done are recorded together: their records in one append (all or nothing),
   * then their clean-ups, then their status in one update. A crash before the append repeats the batch's effects
   * (their records are missing), as it repeated the one in flight before; a refused append records them one by one.
   */
  private async recordDone(done: readonly PerformedEffect[]): Promise<void> {
    if (!done.length) return;
    let recorded: readonly PerformedEffect[] = done;
    try {
      await this.store.appendMany(done.map(({ effect, record }) => this.recordAppend(effect, record, effect.effectId)));
    } catch {
      const one: PerformedEffect[] = [];
      for (const item of done) {
        try {
          await this.append(item.effect, item.record, item.effect.effectId);
          one.push(item);
        } catch (error) {
          await this.failedQuietly(item.effect, error);
        }
      }
      recorded = one;
    }
    await Promise.all(
      recorded.map(({ effect, after }) =>
        after?.().catch((error: unknown) => this.options.logger.warn(`Process manager ${this.name}: after ${effect.kind} ${effect.effectId}: ${message(error)}`)),
      ),
    );
    await finishEffects(this.db, recorded.map(({ effect }) => effect.effectId));
  }

  private async failedQuietly(effect: PendingEffect, error: unknown): Promise<void> {
    await this.failed(effect, error).catch((inner: unknown) =>
      this.options.logger.error(`Process manager ${this.name}: could not record failure of ${effect.effectId}: ${message(inner)}`),
    );
  }

  private async failed(effect: PendingEffect, error: unknown): Promise<void> {
    const attempt = effect.attempts + 1;
    const delay = error instanceof PermanentEffectError ? null : nextAttemptDelay(this.options.backoff, attempt);
    const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
    const text = message(error);
    this.options.logger.warn(
      `Process manager ${this.name}: ${effect.kind} ${effect.effectId} attempt ${attempt} failed${nextAttemptAt ? `, next at ${nextAttemptAt.toISOString()}` : ', given up'}: ${text}`,
    );
    const record = this.manager.failureRecord?.(effect, { attempt, error: text, nextAttemptAt: nextAttemptAt?.toISOString() ?? null });
    if (record) await this.append(effect, record, deterministicUuid(`${effect.effectId}:failed:${attempt}`));
    await recordAttemptFailure(this.db, effect.effectId, attempt, text, nextAttemptAt);
  }

  private async append(effect: PendingEffect, record: EffectRecord, id: string): Promise<void> {
    await this.store.appendMany([this.recordAppend(effect, record, id)]);
  }

  private recordAppend(effect: PendingEffect, record: EffectRecord, id: string): StreamAppend {
    return {
      stream: record.stream,
      expectedVersion: 'any',
      events: [
        {
          id,
          type: record.type,
          schemaVersion: record.schemaVersion,
          data: record.data,
          metadata: {
            actor: 'system',
            correlationId: effect.causeCorrelationId,
            causationId: effect.causeEventId,
            occurredAt: this.options.now().toISOString(),
          },
        },
      ],
    };
  }

  // ------------------------------------------------------------------ clock-driven work

  private async pollTick(): Promise<void> {
    if (!this.holding() || this.polling || !this.manager.poll) {
      this.schedule('poll', this.options.pollIntervalMs);
      return;
    }
    this.polling = this.manager.poll().catch((error: unknown) => this.options.logger.error(`Process manager ${this.name}: poll: ${message(error)}`));
    await this.polling;
    this.polling = null;
    this.schedule('poll', this.options.pollIntervalMs);
  }
}
