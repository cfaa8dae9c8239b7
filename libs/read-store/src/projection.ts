import type { Checkpoint, EventMetadata, RecordedEvent } from '@peps/event-store';
import type { Migration, SqlExecutor } from '@peps/sql';
import { isEventType, upcast } from '@peps/domain';

/** An event as projections see it: domain events upcast to their current schema, other types left as stored. */
export interface ProjectedEvent<Data = any> {
  id: string;
  stream: string;
  version: number;
  type: string;
  data: Data;
  metadata: EventMetadata;
  occurredAt: string;
  transactionId: bigint;
  position: bigint;
}

export function toProjectedEvent(event: RecordedEvent): ProjectedEvent {
  // Types of other modules (letters, notifications) are not domain events: projections read them as stored.
  const data = isEventType(event.type) ? upcast(event.type, event.schemaVersion, event.data) : event.data;
  return {
    id: event.id,
    stream: event.stream,
    version: event.version,
    type: event.type,
    data,
    metadata: event.metadata,
    occurredAt: event.metadata?.occurredAt ?? event.recordedAt,
    transactionId: event.transactionId,
    position: event.position,
  };
}

export function checkpointOf(event: { transactionId: bigint; position: bigint }): Checkpoint {
  return { transactionId: event.transactionId, position: event.position };
}

/**
 * A read model made of documents. `evolve` is pure: the runner loads the documents a batch touches, folds the
 * events over them in memory and hands the changed ones to `save`, in the same transaction as the checkpoint.
 */
export interface Projection<Doc = any> {
  readonly name: string;
  /** Bump it when `evolve` or the tables change meaning: the runner then rebuilds from zero. */
  readonly version: number;
  /** Event types handled; the checkpoint still moves past the others so lag reads as zero when idle. */
  readonly eventTypes: readonly string[] | ((type: string) => boolean);
  /** Its tables, in schema `read`; applied as component `read:<name>`. */
  readonly migrations: readonly Migration[];
  /** Emptied by a rebuild. */
  readonly tables: readonly string[];
  /** The documents an event touches. */
  keys(event: ProjectedEvent): string[];
  /** Pure. Return the same object for "no change", `null` for "delete". */
  evolve(doc: Doc | null, event: ProjectedEvent, key: string): Doc | null;
  load(tx: SqlExecutor, keys: string[]): Promise<Map<string, Doc>>;
  save(tx: SqlExecutor, changes: Map<string, Doc | null>): Promise<void>;
}

export function handles(projection: Projection, type: string): boolean {
  return typeof projection.eventTypes === 'function' ? projection.eventTypes(type) : projection.eventTypes.includes(type);
}

/** Folds events over a projection's documents in memory: the pure heart of both the runner and the unit specs. */
export function foldDocuments<Doc>(
  projection: Projection<Doc>,
  documents: Map<string, Doc | null>,
  events: readonly ProjectedEvent[],
  changed: Set<string> = new Set(),
): Set<string> {
  for (const event of events) {
    if (!handles(projection, event.type)) continue;
    for (const key of projection.keys(event)) {
      const before = documents.has(key) ? documents.get(key)! : null;
      const after = projection.evolve(before, event, key);
      if (after !== before) {
        documents.set(key, after);
        changed.add(key);
      }
    }
  }
  return changed;
}

/**
 * Lag is counted up to this many events: `/api/health` counts it for every projection, and counting millions of
 * rows during a long catch-up would itself slow the catch-up. A lag this large reads as "at least this".
 */
export const LAG_COUNT_CAP = 100_000;
