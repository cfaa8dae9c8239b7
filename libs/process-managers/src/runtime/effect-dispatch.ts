import { errorMessage as message, type EventStore, type RunnerLogger, type StreamAppend } from '@peps/event-store';
import type { SqlDatabase } from '@peps/sql';
import { nextAttemptDelay, type BackoffPolicy } from './backoff.js';
import { deterministicUuid } from './deterministic-id.js';
import { dueEffects, enqueueEffects, finishEffect, finishEffects, recordAttemptFailure } from './effect-queue.js';
import {
  newDispatchBatch,
  PermanentEffectError,
  type DispatchBatch,
  type EffectRecord,
  type PendingEffect,
  type ProcessManagerDefinition,
} from './process-manager.js';

export interface EffectDispatchOptions {
  /** Effects performed at once: also the most a crash can duplicate. */
  concurrency: number;
  backoff: BackoffPolicy;
  logger: RunnerLogger;
  /** Platform clock: the time written in the events recording effects. */
  now: () => Date;
}

/** An effect performed in a dispatch batch, waiting to be recorded with the others. */
interface PerformedEffect {
  effect: PendingEffect;
  record: EffectRecord;
  after?: () => Promise<void>;
}

/**
 * Performs a manager's due effects from `pm.effects`, a batch at a time. Each performed effect is recorded as an
 * event whose id is the effect id, and the record stream is read before performing, so a recorded effect is never
 * repeated; failures retry with exponential backoff, then stay `failed`, visible.
 */
export class EffectDispatch {
  constructor(
    private readonly manager: ProcessManagerDefinition,
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    private readonly options: EffectDispatchOptions,
  ) {}

  /** Performs up to `concurrency` due effects and records them; answers how many were due. */
  async batch(): Promise<number> {
    if (!this.manager.perform) return 0;
    const effects = await dueEffects(this.db, this.manager.name, new Date(), this.options.concurrency);
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
          this.options.logger.log(`Process manager ${this.manager.name}: ${effect.kind} ${effect.effectId} skipped: ${outcome.reason}`);
          await finishEffect(this.db, effect.effectId, 'skipped', outcome.reason);
          return;
        case 'spawn':
          await this.db.transaction(async (tx) => {
            const cause = { id: effect.causeEventId, type: effect.causeType, stream: effect.causeStream, occurredAt: effect.causeOccurredAt, correlationId: effect.causeCorrelationId };
            await enqueueEffects(
              tx,
              this.manager.name,
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
        after?.().catch((error: unknown) => this.options.logger.warn(`Process manager ${this.manager.name}: after ${effect.kind} ${effect.effectId}: ${message(error)}`)),
      ),
    );
    await finishEffects(this.db, recorded.map(({ effect }) => effect.effectId));
  }

  private async failedQuietly(effect: PendingEffect, error: unknown): Promise<void> {
    await this.failed(effect, error).catch((inner: unknown) =>
      this.options.logger.error(`Process manager ${this.manager.name}: could not record failure of ${effect.effectId}: ${message(inner)}`),
    );
  }

  private async failed(effect: PendingEffect, error: unknown): Promise<void> {
    const attempt = effect.attempts + 1;
    const delay = error instanceof PermanentEffectError ? null : nextAttemptDelay(this.options.backoff, attempt);
    const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
    const text = message(error);
    this.options.logger.warn(
      `Process manager ${this.manager.name}: ${effect.kind} ${effect.effectId} attempt ${attempt} failed${nextAttemptAt ? `, next at ${nextAttemptAt.toISOString()}` : ', given up'}: ${text}`,
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
}
