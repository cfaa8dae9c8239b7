import { createHash } from 'node:crypto';
import { MongoClient, type ClientSession, type Db, type Document } from 'mongodb';
import { compareCheckpoints, START, type Checkpoint } from '@peps/event-store';
import type { Projection } from '../projection.js';
import type { ProjectionFailure, ReadStore, StoredCheckpoint } from '../read-store.port.js';
import { defaultMongoMapping, LIVE, type MongoIndexSpec, type MongoProjectionMapping, type StoredDocument } from './mongo-documents.js';
import { fromCheckpointDocument, toCheckpointDocument, type CheckpointDocument } from './mongo-positions.js';

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
  /** Mapping of each projection that has one (`projections/<name>/src/<name>.mongo.ts`); others use the default. */
  mappings?: readonly MongoProjectionMapping[];
}

/**
 * The MongoDB read store (`MONGODB_URL`): each projection's documents in a collection named after it, checkpoints in
 * `checkpoints`, failures in `projection_failures`, leases in `leases`. On a replica set, a batch's documents and
 * its checkpoint are written in one transaction; on a standalone server, guarded upserts (by event position) and a
 * compare-and-set of the checkpoint make a replay after a crash apply nothing twice.
 */
export class MongoReadStore implements ReadStore {
  readonly kind = 'mongodb' as const;
  private readonly mappings = new Map<string, MongoProjectionMapping>();

  constructor(
    readonly client: MongoClient,
    readonly db: Db,
    /** Detected at `open` (see `supportsTransactions`). */
    readonly transactions: boolean,
    mappings: readonly MongoProjectionMapping[] = [],
  ) {
    for (const mapping of mappings) this.mappings.set(mapping.projection, mapping);
  }

  /** Connects, detects transaction support, and prepares the given projections (collections and indexes). */
  static async open(url: string, projections: readonly Projection[] = [], options: MongoReadStoreOptions = {}): Promise<MongoReadStore> {
    // ignoreUndefined: a document field left undefined is absent, as in the SQL adapter's JSON.
    const client = new MongoClient(url, { ignoreUndefined: true, serverSelectionTimeoutMS: 10_000, appName: 'peps-read-store' });
    await client.connect();
    try {
      const db = client.db(options.dbName ?? databaseNameOf(url));
      const hello = await db.command({ hello: 1 });
      const store = new MongoReadStore(client, db, supportsTransactions(hello), options.mappings ?? []);
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
    const deadline = Date.now() + timeoutMs;
    let pause = 5;
    for (;;) {
      const docs = await this.checkpointCollection.find({ _id: { $in: [...projections] } }).toArray();
      const reached = docs.filter((d) => compareCheckpoints(fromCheckpointDocument(d).checkpoint, target) >= 0).length;
      if (reached === projections.length) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(pause, Math.max(1, deadline - Date.now()))));
      pause = Math.min(pause * 2, 50);
    }
  }

  async failures(projection?: string): Promise<ProjectionFailure[]> {
    const docs = await this.failureCollection
      .find(projection === undefined ? {} : { projection })
      .sort({ projection: 1, key: 1 })
      .toArray();
    return docs.map((d) => ({
      projection: d.projection,
      eventId: d.eventId,
      stream: d.stream,
      streamVersion: Number(d.streamVersion),
      type: d.type,
      checkpoint: { transactionId: BigInt(d.transactionId), position: BigInt(d.position) },
      error: d.error,
      attempts: Number(d.attempts),
      skipped: Boolean(d.skipped),
      lastFailedAt: new Date(d.lastFailedAt).toISOString(),
    }));
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
}

/** True for the MongoDB adapter: query handlers pick the matching query implementation with it. */
export function isMongoReadStore(store: unknown): store is MongoReadStore {
  return store instanceof MongoReadStore;
}
