import { checkpointOf, handles, type ProjectedEvent, type Projection } from '../projection.js';
import { indexField, kindOfKey, type IndexedField, type ReadModelDocuments } from '../read-model-documents.js';
import { positionGuard, positionKey } from './mongo-positions.js';

/** One index of a projection's collection, as `createIndexes` takes it. */
export interface MongoIndexSpec {
  name: string;
  key: Record<string, 1 | -1>;
  unique?: boolean;
  partialFilterExpression?: Record<string, unknown>;
}

/**
 * How one projection's documents sit in MongoDB, the counterpart of the SQL `DocumentTable`: the document is kept
 * whole in `doc`, next to top-level fields that queries filter and sort on (`fields`), and the indexes those
 * queries need. A read model derives it from its declaration (`mongoMappingOf`); projections without a mapping get
 * `defaultMongoMapping` (the document and its key only).
 */
export interface MongoProjectionMapping<Doc = any> {
  /** Projection name: also the collection name. */
  readonly projection: string;
  /** Derived, indexed fields. Must not use `_id`, `doc`, `lastApplied` or `deleted`. */
  fields(key: string, doc: Doc): Record<string, unknown>;
  readonly indexes: readonly MongoIndexSpec[];
}

export function defaultMongoMapping(projection: string): MongoProjectionMapping {
  return { projection, fields: () => ({}), indexes: [] };
}

/**
 * The mapping derived from a read model's declaration: the declared fields MongoDB keeps (a timestamp as a `Date`),
 * preceded by `kind` when the projection keeps several kinds of documents; the declared indexes.
 */
export function mongoMappingOf<Doc>(documents: ReadModelDocuments): MongoProjectionMapping<Doc> {
  const several = documents.kinds.length > 1;
  return {
    projection: documents.projection,
    fields(key, doc) {
      const { kind } = kindOfKey(documents, key);
      const fields: Record<string, unknown> = several ? { kind: kind.kind } : {};
      for (const [name, field] of Object.entries(kind.fields)) {
        if (field.only !== 'sql') fields[name] = mongoValue(field, field.value(doc));
      }
      return fields;
    },
    indexes: Object.entries(documents.mongoIndexes ?? {}).map(([name, key]) => ({
      name,
      key: Object.fromEntries(
        key.map((f) => {
          const { field, descending } = indexField(f);
          return [field, descending ? -1 : 1];
        }),
      ) as Record<string, 1 | -1>,
    })),
  };
}

function mongoValue(field: IndexedField<unknown>, value: string | number | boolean | null): unknown {
  if (field.type !== 'timestamp' || value === null || value === undefined) return value;
  return new Date(value as string);
}

/**
 * A stored document. A document the projection deleted stays as a tombstone (`deleted: true`, no `doc`) so that
 * its `lastApplied` still guards against replaying the events before the deletion; a rebuild clears tombstones.
 */
export interface StoredDocument<Doc = unknown> {
  _id: string;
  doc?: Doc;
  lastApplied: string;
  deleted?: true;
  [field: string]: unknown;
}

/** Every query filters with this: tombstones are not documents. */
export const LIVE = { deleted: { $ne: true } } as const;

const reserved = new Set(['_id', 'doc', 'lastApplied', 'deleted']);

/** Document → MongoDB: the `$set` of an upsert. */
export function toStoredDocument<Doc>(mapping: MongoProjectionMapping<Doc>, key: string, doc: Doc, lastApplied: string): StoredDocument<Doc> {
  const fields = mapping.fields(key, doc);
  for (const name of Object.keys(fields)) {
    if (reserved.has(name)) throw new Error(`${mapping.projection}: field "${name}" is reserved`);
  }
  return { _id: key, ...fields, doc, lastApplied };
}

/** MongoDB → document (`null` for a tombstone), with the position it was last written at. */
export function fromStoredDocument<Doc>(stored: StoredDocument<Doc>): Loaded<Doc> {
  return { doc: stored.deleted || stored.doc === undefined ? null : stored.doc, lastApplied: stored.lastApplied ?? null };
}

export interface Loaded<Doc> {
  doc: Doc | null;
  /** `positionKey` of the last event written to it; null: never written. */
  lastApplied: string | null;
}

/**
 * The pure fold of the MongoDB runner. Like `foldDocuments`, but an event is applied to a document only if it
 * comes after the document's `lastApplied`: replaying a batch whose documents were (partly) written before a
 * crash applies nothing twice. Returns the documents that changed, with the position of the last event that
 * changed each one.
 */
export function foldFromPositions<Doc>(
  projection: Pick<Projection<Doc>, 'eventTypes' | 'keys' | 'evolve'>,
  documents: Map<string, Loaded<Doc>>,
  events: readonly ProjectedEvent[],
): Map<string, Loaded<Doc>> {
  const changed = new Map<string, Loaded<Doc>>();
  for (const event of events) {
    if (!handles(projection as Projection, event.type)) continue;
    const applied = positionKey(checkpointOf(event));
    for (const key of projection.keys(event)) {
      const current = documents.get(key) ?? { doc: null, lastApplied: null };
      if (current.lastApplied !== null && current.lastApplied >= applied) continue;
      const after = projection.evolve(current.doc, event, key);
      if (after === current.doc) continue;
      const next = { doc: after, lastApplied: applied };
      documents.set(key, next);
      changed.set(key, next);
    }
  }
  return changed;
}

/** A write of a bulk, in the shape `Collection.bulkWrite` takes. */
export interface GuardedWrite<Doc = unknown> {
  replaceOne: { filter: Record<string, unknown>; replacement: Omit<StoredDocument<Doc>, '_id'>; upsert: true };
}

/**
 * Changed documents → guarded upserts replacing the whole stored document (so a field that no longer applies goes
 * with it). A deletion becomes a tombstone. When the guard does not match because the document is already at or
 * past that position, the upsert fails with a duplicate `_id` (code 11000): the caller treats that as "already
 * applied".
 */
export function guardedWrites<Doc>(mapping: MongoProjectionMapping<Doc>, changed: Map<string, Loaded<Doc>>): GuardedWrite<Doc>[] {
  const writes: GuardedWrite<Doc>[] = [];
  for (const [key, { doc, lastApplied }] of changed) {
    if (lastApplied === null) throw new Error(`${mapping.projection}: a changed document has no position`);
    let replacement: Omit<StoredDocument<Doc>, '_id'>;
    if (doc === null) {
      replacement = { lastApplied, deleted: true };
    } else {
      const { _id, ...rest } = toStoredDocument(mapping, key, doc, lastApplied);
      replacement = rest;
    }
    writes.push({ replaceOne: { filter: positionGuard(key, lastApplied), replacement, upsert: true } });
  }
  return writes;
}

/** A write error that only says the guard refused it (the document is already at or past that position). */
export function isAlreadyApplied(error: { code?: unknown }): boolean {
  return error.code === 11000;
}
