import type { Checkpoint, RecordedEvent } from '../event-store.port.js';

/** Another writer moved the checkpoint (a rebuild, or a runner that kept going after losing its lease). */
export class FencedError extends Error {
  override readonly name = 'FencedError';
}

/**
 * What a runner feeds: a projection on its read store, a process manager on schema `pm`. The runner reads the log,
 * holds the lease and keeps the checkpoint in memory; the target keeps it stored and writes each batch with it.
 */
export interface RunnerTarget {
  /** The stored checkpoint, created at the start on first run. */
  load(): Promise<Checkpoint>;
  /**
   * Applies the events and moves the stored checkpoint from `from` to `to`, together (one transaction, or guarded
   * writes). Throws a FencedError, writing nothing, when the stored checkpoint is no longer `from`.
   */
  commit(events: readonly RecordedEvent[], from: Checkpoint, to: Checkpoint): Promise<void>;
  /** One event failed on its own: records the attempt, answers the attempts so far. */
  recordFailure(event: RecordedEvent, error: unknown): Promise<number>;
  /** Moves the checkpoint from `from` past the failing event (fenced), keeping it visible as set aside. */
  skip(event: RecordedEvent, from: Checkpoint, failure: { error: unknown; attempts: number }): Promise<void>;
}
