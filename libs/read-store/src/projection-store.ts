import type { Checkpoint, Leases, RecordedEvent } from '@peps/event-store';
import type { ProjectedEvent, Projection } from './projection.js';
import type { ReadStore, StoredCheckpoint } from './read-store.port.js';

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

/** What a failure record keeps of the error: its message, bounded. */
export function failureText(error: unknown): string {
  return String((error as Error)?.message ?? error).slice(0, 2000);
}
