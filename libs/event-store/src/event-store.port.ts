/**
 * The event store port. Adapters: SQL (PGlite or PostgreSQL server) and KurrentDB.
 * Versions are 1-based: a stream's first event has version 1; a stream with no event is at version 0.
 *
 * Retries, as EventStoreDB answers them: an append whose event ids are all recorded, each stream's one after the
 * other in the call's order, after a version its expected version accepts, is a retry and returns the original
 * result (`alreadyAppended`); recorded after another version, a WrongExpectedVersionError; recorded only in part,
 * elsewhere or in another order, an IdempotencyConflictError (a WrongExpectedVersionError too). Read arguments out
 * of range are refused with an InvalidReadArgumentError before the store is asked (see read-validation.ts).
 */

export type ExpectedVersion = number | 'no-stream' | 'stream-exists' | 'any';

export interface EventMetadata {
  /** Who acted: an account id, `system`, or `anonymous`. */
  actor: string;
  correlationId: string;
  causationId?: string;
  /** Platform-clock time of the fact (ISO-8601). Time travel reads use it. */
  occurredAt: string;
  /** Source address of the request, when there was one. */
  sourceAddress?: string;
  [key: string]: unknown;
}

/** An event as a writer proposes it. */
export interface NewEvent<Type extends string = string, Data = unknown> {
  /** UUID chosen by the writer: re-appending the same ids under the same expected version is a no-op. */
  id: string;
  type: Type;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
}

/** An event as the store holds it. */
export interface RecordedEvent<Type extends string = string, Data = unknown> extends NewEvent<Type, Data> {
  stream: string;
  version: number;
  /** Global position (unique, increasing within a transaction). */
  position: bigint;
  /** Transaction id (`pg_current_xact_id()`) on SQL; position's commit on KurrentDB. */
  transactionId: bigint;
  recordedAt: string;
  hash: string;
}

/** Where a reader of the global log stands: the last event it has handled. */
export interface Checkpoint {
  transactionId: bigint;
  position: bigint;
}

export const START: Checkpoint = { transactionId: 0n, position: 0n };

export interface StreamAppend {
  stream: string;
  events: NewEvent[];
  expectedVersion: ExpectedVersion;
}

export interface AppendResult {
  /** For each stream appended to: its version after the append. */
  streams: { stream: string; nextVersion: number }[];
  /** Checkpoint of the last event written: queries may wait until a read model reached it. */
  checkpoint: Checkpoint;
  /** True when the events already existed (idempotent retry): the result is the original append's. */
  alreadyAppended: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Forwards: from this version included; backwards: down from it included. An integer, 0 to 2^53 - 1. */
  fromVersion?: number;
  /** Only events whose `occurredAt` is at or before this instant (a valid Date). */
  upTo?: Date;
  /** At most this many events: an integer, 1 to 2^53 - 1. */
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events after this checkpoint (bigints, 0 to 2^63 - 1). */
  after?: Checkpoint;
  /** Stream categories: the part of a stream name before the first `-` (`account-42` → `account`). */
  categories?: readonly string[];
  eventTypes?: readonly string[];
  limit?: number;
}

export interface VerifyReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  firstBroken?: { stream: string; version: number; reason: string };
}

/** How far a verification has gone: the streams begun and the events whose hash matched so far. */
export interface VerifyProgress {
  streamsChecked: number;
  eventsChecked: number;
}

export interface VerifyOptions {
  /** Called once per batch read, after its events are checked; the next batch waits for the returned promise. */
  onProgress?(progress: VerifyProgress): void | Promise<void>;
  /** Aborted: the verification stops before its next batch and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Events read per batch (an integer from 1; the adapter's own default otherwise). */
  batchSize?: number;
}

export interface Subscription {
  /** Resolves when the subscription has stopped. */
  stop(): Promise<void>;
}

export interface SubscribeOptions extends Omit<ReadAllOptions, 'limit'> {
  /** Called in order for each batch; the next batch waits for the returned promise. */
  onEvents(events: RecordedEvent[], checkpoint: Checkpoint): Promise<void>;
  onError?(error: unknown, attempt: number): void;
  batchSize?: number;
}

export interface EventStore {
  append(stream: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult>;
  /** Several streams at once, all or nothing. */
  appendMany(appends: StreamAppend[]): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Current version of a stream (0 when it does not exist). */
  streamVersion(stream: string): Promise<number>;
  /** Global log in (transactionId, position) order; only what every reader may already see. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch up from a checkpoint, then follow live. */
  subscribe(options: SubscribeOptions): Subscription;
  /** Checkpoint of the newest event visible to readers (for lag). */
  head(): Promise<Checkpoint>;
  /**
   * Newest event already committed, even one an older running transaction still hides from readers (SQL: a
   * transaction that began earlier in the same database). One-shot readers wait until they have read up to it. Absent where
   * readers see every commit at once.
   */
  committedHead?(): Promise<Checkpoint>;
  /**
   * Events after `from` visible to readers (of these types, if given), counted up to `cap`: a lag without reading
   * the events. Absent where counting costs as much as reading.
   */
  countAfter?(from: Checkpoint, cap?: number, eventTypes?: readonly string[]): Promise<number>;
  /**
   * Walks every stream's hash chain and reports the first broken link. Long on a large log: `onProgress` hears of
   * each batch, `signal` stops it (the promise rejects with the signal's reason).
   */
  /**
   * True when the log lives in `db` (SQL stores): a query of `db` may then read a stream's version itself
   * (`streamVersionSql`), and closing the store closes `db`. Absent elsewhere (KurrentDB).
   */
  sharesDatabase?(db: unknown): boolean;
  /** SQL for the version of the stream `streamNameSql` names (null when none), inside a query of the same database. */
  streamVersionSql?(streamNameSql: string): string;
  verify(options?: VerifyOptions): Promise<VerifyReport>;
  /** Next number of a named platform-wide sequence (identifier allocation). */
  nextSequenceValue(name: string): Promise<number>;
  close(): Promise<void>;
}

export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash === -1 ? stream : stream.slice(0, dash);
}

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  if (a.transactionId !== b.transactionId) return a.transactionId < b.transactionId ? -1 : 1;
  if (a.position !== b.position) return a.position < b.position ? -1 : 1;
  return 0;
}
