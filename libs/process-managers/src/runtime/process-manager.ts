import type { RecordedEvent } from '@peps/event-store';
import type { SqlExecutor } from '@peps/sql';

/** An effect a cause calls for, as the pure decision gives it. */
export interface PlannedEffect {
  /** e.g. `mail.password-creation`, `letter.legal-representative`. */
  kind: string;
  /** Tells apart several effects of one kind for one cause (one per recipient). */
  key?: string;
  /** Everything the effect needs that the cause event carries (never a secret). */
  payload: Record<string, unknown>;
  /** Shown to the DRS in the delivery view (an e-mail address), when known at planning time. */
  recipient?: string;
}

/** An effect waiting in `pm.effects`. */
export interface PendingEffect {
  effectId: string;
  manager: string;
  kind: string;
  key: string;
  causeEventId: string;
  causeType: string;
  causeStream: string;
  causeOccurredAt: string;
  causeCorrelationId: string;
  payload: Record<string, unknown>;
  /** Failed attempts so far. */
  attempts: number;
}

/** The event recording a performed effect; the runtime appends it with the effect's id. */
export interface EffectRecord {
  stream: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
}

export type EffectOutcome =
  | { outcome: 'done'; record: EffectRecord; /** runs after the record is appended (cleanup) */ after?: () => Promise<void> }
  /** Nothing to do any more (the link was replaced, the account is gone): no event. */
  | { outcome: 'skipped'; reason: string }
  /** The effect fans out (one mail per administrator): children are queued with derived ids. */
  | { outcome: 'spawn'; effects: PlannedEffect[] };

/** An effect that must not be retried: it can never succeed (bad data), so it is failed at once. */
export class PermanentEffectError extends Error {
  override readonly name = 'PermanentEffectError';
}

export interface ProcessManagerDefinition {
  /** Names the checkpoint, the lease (`pm:<name>`) and the effects. */
  name: string;
  eventTypes: readonly string[];
  /** Pure: the effects an event calls for. */
  plan?(event: RecordedEvent): PlannedEffect[];
  /** Working state kept from a batch of events, in order (deadlines), written in the transaction that moves the checkpoint. */
  track?(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void>;
  /** Stream holding the effect's record: read before performing, so a recorded effect is never repeated. */
  recordStream?(effect: PendingEffect): string;
  perform?(effect: PendingEffect, batch: DispatchBatch): Promise<EffectOutcome>;
  /** The event recording a failed attempt (`notification.failed`), if this manager records them. */
  failureRecord?(effect: PendingEffect, failure: { attempt: number; error: string; nextAttemptAt: string | null }): EffectRecord | null;
  /** Clock-driven work (deadlines), called every poll interval while active. */
  poll?(): Promise<void>;
}

/**
 * What the effects of one dispatch batch share. They are performed together, at one moment: a read they all need
 * (the employer, the creator's account) is made once for the batch rather than once per effect.
 */
export interface DispatchBatch {
  once<T>(key: string, read: () => Promise<T>): Promise<T>;
}

export function newDispatchBatch(): DispatchBatch {
  const reads = new Map<string, Promise<unknown>>();
  return {
    once<T>(key: string, read: () => Promise<T>): Promise<T> {
      let pending = reads.get(key) as Promise<T> | undefined;
      if (!pending) {
        pending = read();
        reads.set(key, pending);
      }
      return pending;
    },
  };
}
