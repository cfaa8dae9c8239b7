import { compareCheckpoints, type Checkpoint, type Leases, type RecordedEvent } from '@peps/event-store';
import type { ProjectedEvent, Projection } from './projection.js';
import type { ProjectionFailure, ReadStore, StoredCheckpoint } from './read-store.port.js';

/**
 * What the projection runner needs of a read store: the stores' differences, behind one interface implemented by
 * `SqlReadStore` (a transaction, the checkpoint row as fence) and `MongoReadStore` (a session on a replica set,
 * guarded upserts and a checkpoint compare-and-set otherwise). Everything else — lease, subscription, batches,
 * failures, rebuilds — is the runner's, the same for both.
 */
export interface ProjectionStore extends ReadStore {
  /** Names the store where its failures are kept (health lines). */
  readonly kind: 'sql' | 'mongodb';
  /** One active runner per projection across processes: lease `projection:<name>`. */
  readonly leases: Leases;
  /** The projection's stored checkpoint, created at the start on first run. */
  openCheckpoint(projection: Projection): Promise<StoredCheckpoint>;
  /**
   * Folds the events (already those the projection handles) over the documents they touch and writes them with
   * the checkpoint moved from `from` to `to`, together. FencedError, nothing written, when it is no longer at `from`.
   */
  writeBatch(projection: Projection, events: readonly ProjectedEvent[], from: Checkpoint, to: Checkpoint): Promise<void>;
  /** One more failed attempt of an event; answers the attempts so far. */
  recordFailure(projection: string, event: RecordedEvent, error: unknown): Promise<number>;
  /** Moves the checkpoint from `from` past a failing event (fenced) and marks its failure skipped, together. */
  skipFailed(projection: Projection, event: RecordedEvent, from: Checkpoint): Promise<void>;
  /** Runs a replay of emptied projections from zero (SQL sets their secondary indexes aside meanwhile). */
  rebuilding<T>(projections: readonly Projection[], replay: () => Promise<T>): Promise<T>;
}

/**
 * Reads the checkpoints of `count` projections until all of them have reached `target` (true) or `timeoutMs` has
 * passed (false), pausing 5 ms, then twice as long each time up to 50 ms.
 */
export async function waitForCheckpoints(count: number, target: Checkpoint, timeoutMs: number, read: () => Promise<StoredCheckpoint[]>): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  let pause = 5;
  for (;;) {
    const reached = (await read()).filter((c) => compareCheckpoints(c.checkpoint, target) >= 0).length;
    if (reached === count) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, deadline - Date.now()))));
    pause = Math.min(pause * 2, 50);
  }
}

/** A failure record as a store keeps it: numbers, positions and the date as its driver returns them. */
export interface StoredFailure {
  projection: string;
  eventId: string;
  stream: string;
  streamVersion: unknown;
  type: string;
  transactionId: string | number | bigint;
  position: string | number | bigint;
  error: string;
  attempts: unknown;
  skipped: unknown;
  lastFailedAt: string | number | Date;
}

/** A stored failure record as the read store port answers it. */
export function toProjectionFailure(stored: StoredFailure): ProjectionFailure {
  return {
    projection: stored.projection,
    eventId: stored.eventId,
    stream: stored.stream,
    streamVersion: Number(stored.streamVersion),
    type: stored.type,
    checkpoint: { transactionId: BigInt(stored.transactionId), position: BigInt(stored.position) },
    error: stored.error,
    attempts: Number(stored.attempts),
    skipped: Boolean(stored.skipped),
    lastFailedAt: new Date(stored.lastFailedAt).toISOString(),
  };
}

/** What a failure record keeps of the error: its message, bounded. */
export function failureText(error: unknown): string {
  return String((error as Error)?.message ?? error).slice(0, 2000);
}
