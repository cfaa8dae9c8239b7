/**
 * Pure mapping between the event store port and the KurrentDB client's types. No I/O here: everything in this
 * file is unit-tested without a server (see kurrentdb-mapping.spec.ts).
 *
 * Versions: the port is 1-based (first event = version 1, empty stream = version 0); KurrentDB revisions are
 * 0-based (first event = revision 0, empty stream = NO_STREAM). So version = revision + 1.
 *
 * Checkpoints: transactionId = commit position, position = prepare position; START = {0n, 0n}.
 */
import { jsonEvent, NO_STREAM, START as KURRENT_START, eventTypeFilter, streamNameFilter } from '@kurrent/kurrentdb-client';
import type { AppendStreamState, EventData, Filter, JSONEventType, Position, ReadPosition } from '@kurrent/kurrentdb-client';
import type { ValidatedEvent } from '../append-validation.js';
import { chainHash, contentHashOfValidated } from '../canonical-json.js';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
import type { Checkpoint, EventMetadata, ExpectedVersion, RecordedEvent } from '../event-store.port.js';
import { categoryOf, compareCheckpoints, START } from '../event-store.port.js';

/** Keys of the KurrentDB metadata object. All values are strings (multi-stream append accepts nothing else). */
export const META = {
  metadata: 'peps.metadata',
  schemaVersion: 'peps.schemaVersion',
  hash: 'peps.hash',
  previousHash: 'peps.previousHash',
  correlationId: '$correlationId',
  causationId: '$causationId',
} as const;

export type KurrentMetadata = Record<string, string>;

// ---------------------------------------------------------------------------------------------- stream names

/**
 * A namespace prefixes every stored stream name (e.g. `t1a2b.` in tests sharing one server); '' in production.
 * It must start with a lower-case letter and must not contain `-`, so the port's category rules still hold after
 * the prefix is stripped, and KurrentDB's own `$ce-` category is `<namespace><category>`.
 */
export function validateNamespace(namespace: string): void {
  if (namespace !== '' && !/^[a-z][a-z0-9_]*\.$/.test(namespace)) {
    throw new InvalidAppendError(`Invalid KurrentDB namespace ${JSON.stringify(namespace)}: expected "" or "name."`);
  }
}

export function toStoredStreamName(namespace: string, stream: string): string {
  return `${namespace}${stream}`;
}

/** The port's stream name, or null for a stream that is not one of ours (system `$...`, internal `_...`, other namespace). */
export function fromStoredStreamName(namespace: string, stored: string): string | null {
  if (!stored.startsWith(namespace)) return null;
  const stream = stored.slice(namespace.length);
  return /^[a-z]/.test(stream) ? stream : null;
}

/**
 * Internal streams start with `_`, which no port stream name can (they start with a lower-case letter), so
 * `readAll`, `subscribe` and `verify` never see them.
 */
export function sequenceStreamName(namespace: string, name: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_.:@-]{1,150}$/.test(name)) {
    throw new InvalidAppendError(`Invalid sequence name ${JSON.stringify(name)}`);
  }
  return `${namespace}_sequence-${name}`;
}

export function incompleteAppendsStreamName(namespace: string): string {
  return `${namespace}_incomplete-appends`;
}

// ------------------------------------------------------------------------------------------ versions, states

export function versionOfRevision(revision: bigint): number {
  return Number(revision) + 1;
}

/** Exact state to send when appending after `currentVersion` (the adapter always sends an exact state). */
export function streamStateForVersion(currentVersion: number): AppendStreamState {
  return currentVersion === 0 ? NO_STREAM : BigInt(currentVersion - 1);
}

/** Port version of a KurrentDB current/actual stream state (`no_stream`, a revision, or deleted markers). */
export function versionOfStreamState(state: unknown): number | undefined {
  if (state === NO_STREAM) return 0;
  if (typeof state === 'bigint') return state >= 0n ? versionOfRevision(state) : undefined;
  if (typeof state === 'number') return state >= 0 ? state + 1 : undefined;
  return undefined;
}

export function satisfiesExpectedVersion(expected: ExpectedVersion, currentVersion: number): boolean {
  if (expected === 'any') return true;
  if (expected === 'no-stream') return currentVersion === 0;
  if (expected === 'stream-exists') return currentVersion > 0;
  return currentVersion === expected;
}

/** The version where a retry of an append must have landed, when the expectation pins it. */
export function pinnedVersion(expected: ExpectedVersion): number | undefined {
  if (expected === 'no-stream') return 0;
  return typeof expected === 'number' ? expected : undefined;
}

// ----------------------------------------------------------------------------------------------- envelopes

export interface PreparedEvent {
  eventData: EventData<JSONEventType>;
  version: number;
  hash: string;
}

/** Turns validated events into client events carrying version-chained hashes, starting after `currentVersion`. */
export function toEventData(
  stream: string,
  events: readonly ValidatedEvent[],
  currentVersion: number,
  lastHash: string,
): PreparedEvent[] {
  let previousHash = lastHash;
  return events.map((event, i) => {
    const version = currentVersion + i + 1;
    const hash = chainHash(previousHash, version, contentHashOfValidated(event, stream));
    const metadata: KurrentMetadata = {
      [META.metadata]: event.metadataJson,
      [META.schemaVersion]: String(event.schemaVersion),
      [META.hash]: hash,
      [META.previousHash]: previousHash,
      [META.correlationId]: String(event.metadata.correlationId),
    };
    if (typeof event.metadata.causationId === 'string') metadata[META.causationId] = event.metadata.causationId;
    previousHash = hash;
    return {
      version,
      hash,
      eventData: jsonEvent<JSONEventType>({ id: event.id, type: event.type, data: event.data as never, metadata }),
    };
  });
}

/** The subset of the client's recorded event the adapter reads (also what `$all` reads carry). */
export interface ClientRecordedEvent {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  created: Date;
  data: unknown;
  metadata: unknown;
  isJson: boolean;
  position?: Position;
}

export interface DecodedEnvelope {
  metadata: EventMetadata;
  schemaVersion: number;
  hash: string;
  previousHash: string;
}

export function decodeMetadata(raw: unknown): DecodedEnvelope | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || raw instanceof Uint8Array) return null;
  const record = raw as Record<string, unknown>;
  const hash = record[META.hash];
  const previousHash = record[META.previousHash];
  const schemaVersion = Number(record[META.schemaVersion]);
  const metadataValue = record[META.metadata];
  if (typeof hash !== 'string' || typeof previousHash !== 'string' || !Number.isInteger(schemaVersion)) return null;
  let metadata: unknown = metadataValue;
  if (typeof metadataValue === 'string') {
    try {
      metadata = JSON.parse(metadataValue);
    } catch {
      return null;
    }
  }
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) return null;
  return { metadata: metadata as EventMetadata, schemaVersion, hash, previousHash };
}

/** A client event as the port's `RecordedEvent`, or null when it is not one of ours (foreign or system event). */
export function toRecordedEvent(namespace: string, event: ClientRecordedEvent | undefined): RecordedEvent | null {
  if (!event) return null;
  const stream = fromStoredStreamName(namespace, event.streamId);
  if (stream === null || !event.isJson) return null;
  const envelope = decodeMetadata(event.metadata);
  if (!envelope) return null;
  const checkpoint = event.position ? toCheckpoint(event.position) : START;
  return {
    id: event.id.toLowerCase(),
    stream,
    version: versionOfRevision(event.revision),
    type: event.type,
    schemaVersion: envelope.schemaVersion,
    data: event.data,
    metadata: envelope.metadata,
    position: checkpoint.position,
    transactionId: checkpoint.transactionId,
    recordedAt: event.created.toISOString(),
    hash: envelope.hash,
  };
}

// --------------------------------------------------------------------------------------------- positions

export function toCheckpoint(position: Position): Checkpoint {
  return { transactionId: BigInt(position.commit), position: BigInt(position.prepare) };
}

export function toReadPosition(checkpoint: Checkpoint | undefined): ReadPosition {
  if (!checkpoint || compareCheckpoints(checkpoint, START) === 0) return KURRENT_START;
  return { commit: checkpoint.transactionId, prepare: checkpoint.position };
}

export function checkpointOf(event: { transactionId: bigint; position: bigint }): Checkpoint {
  return { transactionId: event.transactionId, position: event.position };
}

export function isAfter(event: { transactionId: bigint; position: bigint }, checkpoint: Checkpoint | undefined): boolean {
  return !checkpoint || compareCheckpoints(event, checkpoint) > 0;
}

// -------------------------------------------------------------------------------------------------- filters

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export interface AllFilter {
  /** Server-side filter (exact regex): one per request, so stream names win over event types. */
  server: Filter;
  /** Client-side check of everything (the server filter narrows, this decides). */
  matches(event: RecordedEvent): boolean;
}

/**
 * Server-side `$all` filter for the port's read options: categories as a stream-name regex
 * (`^<ns>(account|employer)(-|$)`), else event types as an event-type regex (`^(account\.created)$`) plus the
 * namespace checked client-side, else the namespace alone (`^<ns>[a-z]`, which also leaves out `$` system and
 * `_` internal streams).
 */
export function allFilter(namespace: string, options: { categories?: readonly string[]; eventTypes?: readonly string[] }): AllFilter {
  const categories = options.categories?.length ? new Set(options.categories) : null;
  const eventTypes = options.eventTypes?.length ? new Set(options.eventTypes) : null;
  let server: Filter;
  if (categories) {
    server = streamNameFilter({ regex: `^${escapeRegex(namespace)}(${[...categories].map(escapeRegex).join('|')})(-|$)` });
  } else if (eventTypes) {
    server = eventTypeFilter({ regex: `^(${[...eventTypes].map(escapeRegex).join('|')})$` });
  } else {
    server = streamNameFilter({ regex: `^${escapeRegex(namespace)}[a-z]` });
  }
  return {
    server,
    matches: (event) =>
      (!categories || categories.has(categoryOf(event.stream))) && (!eventTypes || eventTypes.has(event.type)),
  };
}

// --------------------------------------------------------------------------------------------------- errors

interface ClientErrorLike {
  type?: unknown;
  streamName?: unknown;
  actualState?: unknown;
  expectedState?: unknown;
}

export function clientErrorType(error: unknown): string | undefined {
  const type = (error as ClientErrorLike | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

export function isWrongExpectedVersion(error: unknown): boolean {
  const type = clientErrorType(error);
  return type === 'wrong-expected-version' || type === 'append-consistency-violation';
}

export function isStreamNotFound(error: unknown): boolean {
  const type = clientErrorType(error);
  return type === 'stream-not-found' || type === 'no-stream';
}

export function isUnsupported(error: unknown): boolean {
  return clientErrorType(error) === 'unsupported';
}

/**
 * Client errors as the port's errors: a wrong expected version (the stream's actual state converted to a 1-based
 * version), size limits and invalid arguments as InvalidAppendError. Anything else is returned unchanged.
 */
export function translateClientError(error: unknown, stream: string, expected: ExpectedVersion): unknown {
  const type = clientErrorType(error);
  const e = error as ClientErrorLike & { message?: string; violations?: { actualState?: unknown }[] };
  if (type === 'wrong-expected-version') {
    return new WrongExpectedVersionError(stream, expected, versionOfStreamState(e.actualState) ?? -1);
  }
  if (type === 'append-consistency-violation') {
    return new WrongExpectedVersionError(stream, expected, versionOfStreamState(e.violations?.[0]?.actualState) ?? -1);
  }
  if (
    type === 'maximum-append-size-exceeded' ||
    type === 'append-record-size-exceeded' ||
    type === 'transaction-max-size-exceeded' ||
    type === 'invalid-argument'
  ) {
    return new InvalidAppendError(`KurrentDB refused the append to ${stream}: ${e.message ?? type}`);
  }
  if (type === 'stream-deleted' || type === 'stream-tombstoned') {
    return new InvalidAppendError(`Stream ${stream} was deleted in KurrentDB: nothing can be appended to it`);
  }
  return error;
}

// ---------------------------------------------------------------------------------------------- idempotency

export type IdempotencyOutcome = { kind: 'absent' } | { kind: 'present'; events: RecordedEvent[] };

/**
 * Whether an append is a retry, from the events of its stream that may hold its ids (`found`: any order, may hold
 * others): none of its ids → absent (a new append); all of them, one after the other in the append's order, after a
 * version `expected` accepts → present, the recorded events in append order (the original result); all of them
 * after another version → WrongExpectedVersionError (as EventStoreDB answers it); some only, or out of order or
 * among other events → IdempotencyConflictError (a WrongExpectedVersionError too). The same rule as the SQL store's
 * `es.appended_before` (event-store migration 5).
 */
export function idempotencyOutcome(
  append: { stream: string; expectedVersion: ExpectedVersion },
  ids: readonly string[],
  found: readonly RecordedEvent[],
  currentVersion: number,
): IdempotencyOutcome {
  const byId = new Map(found.map((event) => [event.id, event]));
  const present = ids.filter((id) => byId.has(id));
  if (present.length === 0) return { kind: 'absent' };
  const { stream, expectedVersion } = append;
  if (present.length !== ids.length) throw new IdempotencyConflictError(stream, expectedVersion, currentVersion, present[0]);
  const events = ids.map((id) => byId.get(id)!);
  const before = events[0].version - 1;
  if (events.some((event, i) => event.version !== before + 1 + i)) {
    throw new IdempotencyConflictError(stream, expectedVersion, currentVersion, ids[0], 'its event ids are recorded in another order or among other events');
  }
  if (!satisfiesExpectedVersion(expectedVersion, before)) {
    throw new WrongExpectedVersionError(stream, expectedVersion, currentVersion, `its event ids are already recorded, appended after version ${before}`);
  }
  return { kind: 'present', events };
}
