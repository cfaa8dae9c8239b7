import { createHash } from 'node:crypto';
import { MongoClient, type ClientSession, type Db, type Document } from 'mongodb';
import { checkpointOf, compareCheckpoints, FencedError, START, type Checkpoint, type RecordedEvent } from '@peps/event-store';
import type { ProjectedEvent, Projection } from '../projection.js';
import { failureText, toProjectionFailure, waitForCheckpoints, type ProjectionStore } from '../projection-store.js';
import type { ProjectionFailure, StoredCheckpoint } from '../read-store.port.js';
import { defaultMongoMapping, foldFromPositions, fromStoredDocument, guardedWrites, isAlreadyApplied, LIVE } from './mongo-documents.js';
import { type Loaded, type MongoIndexSpec, type MongoProjectionMapping, type StoredDocument } from './mongo-documents.js';
import { MongoLeases, type LeaseTimings } from './mongo-lease.js';
import { fromCheckpointDocument, positionKey, toCheckpointDocument, type CheckpointDocument } from './mongo-positions.js';

/** The collections the adapter itself keeps, next to one collection per projection. */
export const CHECKPOINTS = 'checkpoints';
export const FAILURES = 'projection_failures';
export const LEASES = 'leases';

export interface FailureDocument {
  _id: { projection: string; eventId: string };
  projection: string;
  eventId: string;
  stream: string;
  streamVersion: number;
  type: string;
  transactionId: string;
  position: string;
  key: string;
  error: string;
  attempts: number;
  skipped: boolean;
  firstFailedAt: Date;
  lastFailedAt: Date;
}

/** Indexes of the adapter's own collections (checkpoints and leases are only read by `_id`). */
export const systemIndexes: Record<string, readonly MongoIndexSpec[]> = {
  [FAILURES]: [{ name: 'projection_position', key: { projection: 1, key: 1 } }],
};

/** Every projection document collection also gets this one: replay guards and tombstone clean-up read by position. */
export const lastAppliedIndex: MongoIndexSpec = { name: 'last_applied', key: { lastApplied: 1 } };

/** Pure: the index specifications `prepare` creates for one projection. */
export function indexesFor(mapping: MongoProjectionMapping): MongoIndexSpec[] {
  const names = new Set<string>();
  const all = [...mapping.indexes, lastAppliedIndex];
  for (const index of all) {
    if (names.has(index.name)) throw new Error(`${mapping.projection}: two indexes named ${index.name}`);
    if (!Object.keys(index.key).length) throw new Error(`${mapping.projection}: index ${index.name} has no key`);
    names.add(index.name);
  }
  return all;
}

/** Pure: multi-document transactions need a replica set or a sharded cluster (mongos), not a standalone server. */
export function supportsTransactions(hello: Document): boolean {
  return Boolean(hello.setName) || hello.msg === 'isdbgrid';
}

/** Pure: the database named in the URL path (`mongodb://h:27017/peps?…` → `peps`), else `peps`. */
export function databaseNameOf(url: string): string {
  const match = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^/?]+)/.exec(url);
  return match ? decodeURIComponent(match[1]) : 'peps';
}

/** Pure: the digest of a collection's live documents read in `_id` order (a rebuild must reproduce it). */
export function digestOf(documents: Iterable<{ _id: string; doc?: unknown }>): string {
  const hash = createHash('sha256');
  for (const d of documents) hash.update(`${JSON.stringify(d._id)}=${canonical(d.doc)}|`);
  return hash.digest('hex');
}

function canonical(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value);
}

export interface MongoReadStoreOptions {
  /** Database name; default: the URL's path, else `peps`. */
  dbName?: string;
  /** Mapping of each projection that has one (`mongoMappingOf` its declaration, `projections/<name>/src/<name>.documents.ts`); others use the default. */
  mappings?: readonly MongoProjectionMapping[];
  /** The projection leases of this process (one owner id); defaults in mongo-lease.ts. */
  leaseTimings?: Partial<LeaseTimings>;
}

/**
 * The MongoDB read store (`MONGODB_URL`): each projection's documents in a collection named after it, checkpoints in
 * `checkpoints`, failures in `projection_failures`, leases in `leases`. On a replica set, a batch's documents and
 * its checkpoint are written in one transaction; on a standalone server, guarded upserts (by event position) and a
 * compare-and-set of the checkpoint make a replay after a crash apply nothing twice.
 */
export class MongoReadStore implements ProjectionStore {
  readonly kind = 'mongodb' as const;
  /** One owner for every projection runner of this process (lease documents in `leases`). */
  readonly leases: MongoLeases;
  private readonly mappings = new Map<string, MongoProjectionMapping>();

  constructor(
    readonly client: MongoClient,
    readonly db: Db,
    /** Detected at `open` (see `supportsTransactions`). */
    readonly transactions: boolean,
    mappings: readonly MongoProjectionMapping[] = [],
    leaseTimings: Partial<LeaseTimings> = {},
  ) {
    for (const mapping of mappings) this.mappings.set(mapping.projection, mapping);
    this.leases = new MongoLeases(db, undefined, leaseTimings);
  }

  /** Connects, detects transaction support, and prepares the given projections (collections and indexes). */
  static async open(url: string, projections: readonly Projection[] = [], options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    // ignoreUndefined: a document field left undefined is absent, as in the SQL adapter's JSON.
    const client = new MongoClient(url, { ignoreUndefined: true, serverSelectionTimeoutMS: 10_000, appName: 'peps-read-store' });
    await client.connect();
    try {
      const db = client.db(options.dbName ?? databaseNameOf(url));
      const hello = await db.command({ hello: 1 });
      const store = new MongoReadStore(client, db, supportsTransactions(hello), options.mappings ?? [], options.leaseTimings);
      await store.prepare(projections);
      return store;
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  mapping(projection: string): MongoProjectionMapping {
    return this.mappings.get(projection) ?? defaultMongoMapping(projection);
  }

  documents<Doc = unknown>(projection: string) {
    return this.db.collection<StoredDocument<Doc>>(projection);
  }

  get checkpointCollection() {
    return this.db.collection<CheckpointDocument>(CHECKPOINTS);
  }

  get failureCollection() {
    return this.db.collection<FailureDocument>(FAILURES);
  }

  /** Creates every collection and index (idempotent: `createIndexes` with the same specification is a no-op). */
  async prepare(projections: readonly Projection[]): Promise<void> {
    const existing = new Set((await this.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name));
    const wanted: [string, readonly MongoIndexSpec[]][] = [
      [CHECKPOINTS, []],
      [LEASES, []],
      ...Object.entries(systemIndexes),
      ...projections.map((p) => [p.name, indexesFor(this.mapping(p.name))] as [string, MongoIndexSpec[]]),
    ];
    for (const [name, indexes] of wanted) {
      // Collections are created up front: a transaction cannot create one on servers before 4.4.
      if (!existing.has(name)) {
        await this.db.createCollection(name).catch((error: { code?: number }) => {
          if (error.code !== 48) throw error; // NamespaceExists: another process created it meanwhile
        });
        existing.add(name);
      }
      if (indexes.length) await this.db.collection(name).createIndexes(indexes.map((i) => ({ ...i })));
    }
  }

  async checkpoint(projection: string, session?: ClientSession): Promise<StoredCheckpoint | null> {
    const doc = await this.checkpointCollection.findOne({ _id: projection }, { session });
    return doc ? fromCheckpointDocument(doc) : null;
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    const docs = await this.checkpointCollection.find({}).sort({ _id: 1 }).toArray();
    return docs.map(fromCheckpointDocument);
  }

  async waitFor(projections: readonly string[], target: Checkpoint, timeoutMs: number): Promise<boolean> {
    return waitForCheckpoints(projections.length, target, timeoutMs, async () =>
      (await this.checkpointCollection.find({ _id: { $in: [...projections] } }).toArray()).map(fromCheckpointDocument),
    );
  }

  async failures(projection?: string): Promise<ProjectionFailure[]> {
    const docs = await this.failureCollection
      .find(projection === undefined ? {} : { projection })
      .sort({ projection: 1, key: 1 })
      .toArray();
    return docs.map(toProjectionFailure);
  }

  /**
   * Empties the projection's collection (tombstones included) and puts its checkpoint back to the start. The
   * checkpoint moves first (or in the same transaction): a writer still running fails its compare-and-set.
   */
  async reset(projection: Projection): Promise<void> {
    const run = async (session?: ClientSession) => {
      await this.checkpointCollection.replaceOne(
        { _id: projection.name },
        toCheckpointDocument(projection.name, projection.version, START, new Date()),
        { upsert: true, session },
      );
      await this.documents(projection.name).deleteMany({}, { session });
      await this.failureCollection.deleteMany({ projection: projection.name }, { session });
    };
    await this.inTransaction(run);
  }

  /** Runs `work` in one transaction when the deployment allows it, else as it comes (each write then guarded). */
  async inTransaction<T>(work: (session?: ClientSession) => Promise<T>): Promise<T> {
    if (!this.transactions) return work(undefined);
    const session = this.client.startSession();
    try {
      return await session.withTransaction(() => work(session), { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } });
    } finally {
      await session.endSession();
    }
  }

  /** Digest of a projection's live documents, for "a rebuild gives the same read model". */
  async digest(projection: string): Promise<string> {
    const docs = await this.documents(projection).find(LIVE, { projection: { _id: 1, doc: 1 } }).sort({ _id: 1 }).toArray();
    return digestOf(docs as { _id: string; doc?: unknown }[]);
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  // What the projection runner writes through (ProjectionStore): each batch fences on the stored checkpoint, folds
  // only the events after each document's `lastApplied`, writes guarded upserts and compare-and-sets the checkpoint;
  // all in one transaction on a replica set.

  async openCheckpoint(projection: Projection): Promise<StoredCheckpoint> {
    const { _id, ...onInsert } = toCheckpointDocument(projection.name, projection.version, START, new Date());
    await this.checkpointCollection.updateOne({ _id: projection.name }, { $setOnInsert: onInsert }, { upsert: true });
    return (await this.checkpoint(projection.name))!;
  }

  async writeBatch(projection: Projection, events: readonly ProjectedEvent[], from: Checkpoint, to: Checkpoint): Promise<void> {
    const mapping = this.mapping(projection.name);
    const collection = this.documents(projection.name);
    await this.inTransaction(async (session) => {
      await this.fence(projection, from, session);
      if (events.length) {
        const keys = [...new Set(events.flatMap((event) => projection.keys(event)))];
        const stored = await collection.find({ _id: { $in: keys } }, { session }).toArray();
        const documents = new Map<string, Loaded<unknown>>(stored.map((d) => [d._id, fromStoredDocument(d)]));
        const writes = guardedWrites(mapping, foldFromPositions(projection, documents, events));
        if (writes.length) await bulkWriteGuarded(collection, writes, session);
      }
      await this.advance(projection, from, to, session);
    });
  }

  async recordFailure(projection: string, event: RecordedEvent, error: unknown): Promise<number> {
    const now = new Date();
    const checkpoint = checkpointOf(event);
    const doc = await this.failureCollection.findOneAndUpdate(
      { _id: { projection, eventId: event.id } },
      {
        $inc: { attempts: 1 },
        $set: { error: failureText(error), lastFailedAt: now },
        $setOnInsert: {
          projection,
          eventId: event.id,
          stream: event.stream,
          streamVersion: event.version,
          type: event.type,
          transactionId: checkpoint.transactionId.toString(),
          position: checkpoint.position.toString(),
          key: positionKey(checkpoint),
          skipped: false,
          firstFailedAt: now,
        },
      },
      { upsert: true, returnDocument: 'after' },
    );
    return Number(doc?.attempts ?? 1);
  }

  async skipFailed(projection: Projection, event: RecordedEvent, from: Checkpoint): Promise<void> {
    await this.inTransaction(async (session) => {
      await this.fence(projection, from, session);
      await this.failureCollection.updateOne({ _id: { projection: projection.name, eventId: event.id } }, { $set: { skipped: true } }, { session });
      await this.advance(projection, from, checkpointOf(event), session);
    });
  }

  /** Nothing to set aside: a collection's indexes are kept up as documents come. */
  rebuilding<T>(_projections: readonly Projection[], replay: () => Promise<T>): Promise<T> {
    return replay();
  }

  /** The stored checkpoint must still be the one the runner started from (nobody reset or overtook it). */
  private async fence(projection: Projection, from: Checkpoint, session?: ClientSession): Promise<void> {
    const stored = await this.checkpoint(projection.name, session);
    if (!stored || stored.version !== projection.version || compareCheckpoints(stored.checkpoint, from) !== 0) {
      throw new FencedError(`checkpoint of ${projection.name} moved under this runner`);
    }
  }

  /** Compare-and-set of the checkpoint: from `from` to `to`. */
  private async advance(projection: Projection, from: Checkpoint, to: Checkpoint, session?: ClientSession): Promise<void> {
    const { _id, ...next } = toCheckpointDocument(projection.name, projection.version, to, new Date());
    const result = await this.checkpointCollection.updateOne(
      { _id: projection.name, version: projection.version, key: positionKey(from) },
      { $set: next },
      { session },
    );
    if (result.matchedCount !== 1) throw new FencedError(`checkpoint of ${projection.name} moved under this runner`);
  }
}

/**
 * Unordered bulk of guarded upserts; duplicate `_id` errors mean "already applied at that position" and are dropped.
 * Inside a transaction they cannot occur: the documents were read in the same snapshot and only events after their
 * `lastApplied` produce writes, so a concurrent writer shows up as a WriteConflict, which `withTransaction` retries
 * (then the fence or the checkpoint compare-and-set stops the runner).
 */
async function bulkWriteGuarded(collection: ReturnType<MongoReadStore['documents']>, writes: ReturnType<typeof guardedWrites>, session?: ClientSession): Promise<void> {
  try {
    await collection.bulkWrite(writes as never, { ordered: false, session });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: { code?: unknown }[] | { code?: unknown } }).writeErrors;
    const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : null;
    if (!list || !list.length || !list.every(isAlreadyApplied)) throw error;
  }
}
