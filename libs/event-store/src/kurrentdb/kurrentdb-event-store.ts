import { BACKWARDS, END, FORWARDS, KurrentDBClient, START as KURRENT_START, jsonEvent } from '@kurrent/kurrentdb-client';
import type { AppendStreamRequest, JSONEventType } from '@kurrent/kurrentdb-client';
import { validateAppends, validateStreamName, type ValidatedEvent } from '../append-validation.js';
import { chainHash, contentHash } from '../canonical-json.js';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
import { validateReadAllOptions, validateReadStreamOptions, validateSubscribeOptions, validateVerifyOptions } from '../read-validation.js';
import type { AppendResult, Checkpoint, EventStore, ExpectedVersion, NewEvent, ReadAllOptions } from '../event-store.port.js';
import type { ReadStreamOptions, RecordedEvent, StreamAppend, SubscribeOptions, Subscription, VerifyOptions, VerifyReport } from '../event-store.port.js';
import { compareCheckpoints, START } from '../event-store.port.js';
import { allFilter, checkpointOf, decodeMetadata, idempotencyOutcome, incompleteAppendsStreamName, isAfter } from './kurrentdb-mapping.js';
import { isStreamNotFound, isUnsupported, isWrongExpectedVersion, pinnedVersion, satisfiesExpectedVersion } from './kurrentdb-mapping.js';
import { sequenceStreamName, streamStateForVersion, toEventData, toReadPosition, toRecordedEvent } from './kurrentdb-mapping.js';
import { toStoredStreamName, translateClientError, validateNamespace, versionOfRevision } from './kurrentdb-mapping.js';
import { type ClientRecordedEvent, type PreparedEvent } from './kurrentdb-mapping.js';
import { KurrentDbSubscription } from './kurrentdb-subscription.js';

export interface KurrentDbEventStoreOptions {
  /** Prefix of every stored stream name ('' by default); lets several stores (tests) share one server. */
  namespace?: string;
  /**
   * How far back (in events) an append looks for its own event ids, to recognise a retry (or refuse one that does
   * not match its original append). An append whose numeric or 'no-stream' expectation the stream has moved past is
   * also checked exactly, at the version it pinned, however far back. Ids recorded further back than this are not
   * seen under 'any' or 'stream-exists', nor under the stream's current version (KurrentDB keeps ids per stream and
   * does not refuse them). Default 200.
   */
  idempotencyWindow?: number;
  /** 'auto' (default): atomic multi-stream append when the server has it (KurrentDB 25.1+), else the fallback. */
  multiStreamAppend?: 'auto' | 'fallback';
  /** Attempts of an optimistic append ('any' appends, sequences) before giving up. Default 50 (sequences: 1000). */
  maxAttempts?: number;
}

/** Thrown by the sequential fallback of appendMany when some streams were written and a later one was refused. */
export class MultiStreamAppendIncompleteError extends Error {
  override readonly name = 'MultiStreamAppendIncompleteError';
  constructor(
    readonly written: { stream: string; nextVersion: number }[],
    readonly notWritten: string[],
    override readonly cause: unknown,
  ) {
    super(
      `Multi-stream append incomplete (server without atomic multi-stream append): wrote ${written
        .map((w) => w.stream)
        .join(', ')}, not ${notWritten.join(', ')}; retry the same append (same event ids) to complete it`,
    );
  }
}

interface StreamTail {
  version: number;
  lastHash: string;
  /** The most recent events (newest first), as many as were read for the idempotency check. */
  recent: RecordedEvent[];
}

interface Plan {
  append: StreamAppend;
  events: ValidatedEvent[];
  tail: StreamTail;
  /** Set when every event of this append is already in the stream (idempotent retry). */
  already?: RecordedEvent[];
  prepared?: PreparedEvent[];
}

class RetryAppend extends Error {}

/**
 * Event store on KurrentDB / EventStoreDB 20+ through `@kurrent/kurrentdb-client`.
 *
 * Hash chain: each event's metadata holds `peps.hash` = sha256(previousHash:version:contentHash) and
 * `peps.previousHash`. To compute it the adapter reads the stream's last event before appending and then appends
 * with that exact revision as the expected one, so a concurrent writer makes the append fail instead of forking the
 * chain; appends whose caller said 'any' or 'stream-exists' are then retried on a fresh read.
 */
export class KurrentDbEventStore implements EventStore {
  private readonly namespace: string;
  private multiStreamSupported: boolean | undefined;

  constructor(
    readonly client: KurrentDBClient,
    private readonly options: KurrentDbEventStoreOptions = {},
  ) {
    this.namespace = options.namespace ?? '';
    validateNamespace(this.namespace);
    if (options.multiStreamAppend === 'fallback') this.multiStreamSupported = false;
  }

  /** `kurrentdb://host:2113?tls=false` (or `esdb://...`, both accepted by the client). */
  static connect(connectionString: string, options: KurrentDbEventStoreOptions = {}): KurrentDbEventStore {
    return new KurrentDbEventStore(KurrentDBClient.connectionString(connectionString), options);
  }

  append(stream: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    return this.appendMany([{ stream, events, expectedVersion: options.expectedVersion }]);
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    const validated = validateAppends(appends);
    const streams = new Set<string>();
    for (const append of appends) {
      if (streams.has(append.stream)) {
        // One expected version per stream and request: two entries for the same stream would race each other.
        throw new InvalidAppendError(`Stream ${append.stream} appears twice in one appendMany`);
      }
      streams.add(append.stream);
    }
    const maxAttempts = this.options.maxAttempts ?? 50;
    for (let attempt = 1; ; attempt++) {
      const plans = await Promise.all(
        appends.map(async (append, index) => {
          const events = validated.get(`${index}`)!;
          const tail = await this.readTail(append.stream, events.length);
          return { append, events, tail } as Plan;
        }),
      );
      try {
        return await this.tryAppend(plans);
      } catch (error) {
        if (!(error instanceof RetryAppend) || attempt >= maxAttempts) {
          if (error instanceof RetryAppend) {
            const plan = plans[0];
            throw new WrongExpectedVersionError(plan.append.stream, plan.append.expectedVersion, await this.streamVersion(plan.append.stream));
          }
          throw error;
        }
        await sleep(Math.min(200, 2 ** Math.min(attempt, 7)) * Math.random());
      }
    }
  }

  /** One attempt: idempotency and expectations against the tails just read, then an append at exact revisions. */
  private async tryAppend(plans: Plan[]): Promise<AppendResult> {
    for (const plan of plans) {
      const found = await this.findOwnEvents(plan);
      const outcome = idempotencyOutcome(
        plan.append,
        plan.events.map((e) => e.id),
        found,
        plan.tail.version,
      );
      if (outcome.kind === 'present') plan.already = outcome.events;
    }
    const done = plans.filter((p) => p.already);
    if (done.length === plans.length) {
      return {
        alreadyAppended: true,
        streams: plans.map((p) => ({ stream: p.append.stream, nextVersion: p.already!.at(-1)!.version })),
        checkpoint: maxCheckpoint(plans.flatMap((p) => p.already!)),
      };
    }
    if (done.length > 0 && this.multiStreamSupported !== false) {
      // On an atomic server a retry finds all or nothing: some streams done and others not is not a retry.
      const plan = done[0];
      throw new IdempotencyConflictError(plan.append.stream, plan.append.expectedVersion, plan.tail.version, plan.events[0].id);
    }
    const todo = plans.filter((p) => !p.already);
    for (const plan of todo) {
      if (!satisfiesExpectedVersion(plan.append.expectedVersion, plan.tail.version)) {
        throw new WrongExpectedVersionError(plan.append.stream, plan.append.expectedVersion, plan.tail.version);
      }
      plan.prepared = toEventData(plan.append.stream, plan.events, plan.tail.version, plan.tail.lastHash);
    }
    if (todo.length === 1 && done.length === 0) {
      await this.writeOne(todo[0]);
    } else if (await this.tryMultiStreamAppend(todo)) {
      // written atomically
    } else {
      await this.writeSequentially(plans, todo);
    }
    const lastEvents = await Promise.all(plans.map((p) => (p.already ? p.already.at(-1)! : this.readAt(p.append.stream, p.prepared!.at(-1)!.version))));
    return {
      alreadyAppended: false,
      streams: plans.map((p) => ({ stream: p.append.stream, nextVersion: p.already ? p.already.at(-1)!.version : p.prepared!.at(-1)!.version })),
      checkpoint: maxCheckpoint(lastEvents),
    };
  }

  private async writeOne(plan: Plan): Promise<void> {
    try {
      await this.client.appendToStream(
        toStoredStreamName(this.namespace, plan.append.stream),
        plan.prepared!.map((p) => p.eventData),
        { streamState: streamStateForVersion(plan.tail.version) },
      );
    } catch (error) {
      throw this.onWriteError(error, plan);
    }
  }

  /** A conflict with our exact revision: re-read and decide again (the next attempt reports a true conflict). */
  private onWriteError(error: unknown, plan: Plan): unknown {
    if (isWrongExpectedVersion(error)) return new RetryAppend();
    return translateClientError(error, plan.append.stream, plan.append.expectedVersion);
  }

  /** Returns false when the server has no multi-stream append (then remembers it). */
  private async tryMultiStreamAppend(todo: Plan[]): Promise<boolean> {
    if (this.multiStreamSupported === false) return false;
    const requests: AppendStreamRequest<JSONEventType>[] = todo.map((plan) => ({
      streamName: toStoredStreamName(this.namespace, plan.append.stream),
      events: plan.prepared!.map((p) => p.eventData),
      expectedState: streamStateForVersion(plan.tail.version),
    }));
    try {
      await this.client.multiStreamAppend(requests);
      this.multiStreamSupported = true;
      return true;
    } catch (error) {
      if (isUnsupported(error)) {
        this.multiStreamSupported = false;
        return false;
      }
      if (isWrongExpectedVersion(error)) throw new RetryAppend();
      throw translateClientError(error, todo[0].append.stream, todo[0].append.expectedVersion);
    }
  }

  /**
   * Fallback for servers without atomic multi-stream append (EventStoreDB, KurrentDB < 25.1): NOT atomic.
   * Every expectation was checked against fresh reads just before (so a stale expectation writes nothing), then the
   * streams are written one by one in the order given, each at the exact revision read. If a later stream is
   * refused (a writer slipped in between) or the connection fails, the streams already written stay written
   * (KurrentDB cannot take events back): the adapter records the incomplete append in the internal stream
   * `_incomplete-appends` and throws MultiStreamAppendIncompleteError. Compensation is roll-forward: retrying the
   * same appendMany with the same event ids skips the streams already written and appends the rest.
   */
  private async writeSequentially(plans: Plan[], todo: Plan[]): Promise<void> {
    const written: { stream: string; nextVersion: number }[] = plans
      .filter((p) => p.already)
      .map((p) => ({ stream: p.append.stream, nextVersion: p.already!.at(-1)!.version }));
    const mustComplete = written.length > 0;
    for (let i = 0; i < todo.length; i++) {
      const plan = todo[i];
      try {
        await this.writeOne(plan);
        written.push({ stream: plan.append.stream, nextVersion: plan.prepared!.at(-1)!.version });
      } catch (error) {
        if (written.length === 0 && !mustComplete) throw error;
        const notWritten = todo.slice(i).map((p) => p.append.stream);
        const cause =
          error instanceof RetryAppend
            ? new WrongExpectedVersionError(plan.append.stream, plan.append.expectedVersion, await this.streamVersion(plan.append.stream).catch(() => -1))
            : error;
        await this.client
          .appendToStream(
            incompleteAppendsStreamName(this.namespace),
            jsonEvent({
              type: 'event-store.multi-stream-append-incomplete',
              data: {
                written,
                notWritten,
                eventIds: plans.flatMap((p) => p.events.map((e) => e.id)),
                reason: String((cause as Error)?.message ?? cause),
              },
            }),
          )
          .catch(() => undefined);
        throw new MultiStreamAppendIncompleteError(written, notWritten, cause);
      }
    }
  }

  /** The last event, and the recent ones for the idempotency check. */
  private async readTail(stream: string, count: number): Promise<StreamTail> {
    const window = Math.max(count, this.options.idempotencyWindow ?? 200);
    const recent = await this.readStored(stream, { direction: BACKWARDS, fromRevision: END, maxCount: window });
    const last = recent[0];
    return { version: last ? last.version : 0, lastHash: last ? last.hash : '', recent };
  }

  /**
   * The events of the stream that may be this append's own (a retry): the recent ones, and those at the version its
   * expectation pins when the stream has moved past it and the recent ones do not reach back there.
   */
  private async findOwnEvents(plan: Plan): Promise<RecordedEvent[]> {
    const { recent, version } = plan.tail;
    const pinned = pinnedVersion(plan.append.expectedVersion);
    const oldestRecent = recent.length ? recent[recent.length - 1].version : version + 1;
    if (pinned === undefined || version <= pinned || pinned + 1 >= oldestRecent) return recent;
    const atPinned = await this.readStored(plan.append.stream, {
      direction: FORWARDS,
      fromRevision: BigInt(pinned),
      maxCount: plan.events.length,
    });
    return [...recent, ...atPinned];
  }

  private async readAt(stream: string, version: number): Promise<RecordedEvent> {
    const [event] = await this.readStored(stream, { direction: FORWARDS, fromRevision: BigInt(version - 1), maxCount: 1 });
    if (!event) throw new Error(`Event ${stream}@${version} just appended cannot be read back`);
    return event;
  }

  private async readStored(
    stream: string,
    options: { direction: typeof FORWARDS | typeof BACKWARDS; fromRevision: bigint | typeof KURRENT_START | typeof END; maxCount?: number },
    keep: (event: RecordedEvent) => boolean = () => true,
    limit = Number.MAX_SAFE_INTEGER,
  ): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(toStoredStreamName(this.namespace, stream), options)) {
        const event = toRecordedEvent(this.namespace, resolved.event as ClientRecordedEvent | undefined);
        if (event && keep(event)) out.push(event);
        if (out.length >= limit) break;
      }
    } catch (error) {
      if (isStreamNotFound(error)) return [];
      throw error;
    }
    return out;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamName(stream);
    validateReadStreamOptions(options);
    const backwards = options.direction === 'backwards';
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    let fromRevision: bigint | typeof KURRENT_START | typeof END = backwards ? END : KURRENT_START;
    if (options.fromVersion !== undefined) {
      if (backwards && options.fromVersion < 1) return [];
      if (options.fromVersion >= 1) fromRevision = BigInt(options.fromVersion - 1);
    }
    const upTo = options.upTo?.getTime();
    const keep = upTo === undefined ? undefined : (event: RecordedEvent) => Date.parse(event.metadata.occurredAt) <= upTo;
    return this.readStored(
      stream,
      { direction: backwards ? BACKWARDS : FORWARDS, fromRevision, maxCount: keep ? undefined : limit },
      keep,
      limit,
    );
  }

  async streamVersion(stream: string): Promise<number> {
    validateStreamName(stream);
    const [last] = await this.readStored(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
    return last ? last.version : 0;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    validateReadAllOptions(options);
    const limit = options.limit ?? 1000;
    const filter = allFilter(this.namespace, options);
    const out: RecordedEvent[] = [];
    let from: Checkpoint | undefined = options.after;
    const page = Math.min(Math.max(limit + 1, 2), 4096);
    for (;;) {
      let seen = 0;
      let lastSeen: Checkpoint | undefined;
      for await (const resolved of this.client.readAll({
        direction: FORWARDS,
        fromPosition: toReadPosition(from),
        maxCount: page,
        filter: filter.server,
      })) {
        seen++;
        const raw = resolved.event as ClientRecordedEvent | undefined;
        if (raw?.position) lastSeen = { transactionId: raw.position.commit, position: raw.position.prepare };
        const event = toRecordedEvent(this.namespace, raw);
        if (!event || !isAfter(event, options.after) || !filter.matches(event)) continue;
        if (out.length && !isAfter(event, checkpointOf(out[out.length - 1]))) continue;
        out.push(event);
        if (out.length >= limit) return out;
      }
      // A short page is the end of the log; a full one that moved nowhere would loop forever.
      if (seen < page || !lastSeen || (from && compareCheckpoints(lastSeen, from) <= 0)) return out;
      from = lastSeen;
    }
  }

  subscribe(options: SubscribeOptions): Subscription {
    validateSubscribeOptions(options);
    return KurrentDbSubscription.start(this.client, this.namespace, options);
  }

  async head(): Promise<Checkpoint> {
    const filter = allFilter(this.namespace, {});
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 50, filter: filter.server })) {
      const event = toRecordedEvent(this.namespace, resolved.event as ClientRecordedEvent | undefined);
      if (event) return checkpointOf(event);
    }
    return START;
  }

  /**
   * Walks `$all` (this namespace) and recomputes every stream's chain from the stored content. On KurrentDB events
   * cannot be edited in place; what verify catches is an event written around the adapter (no or wrong hash), a
   * truncated stream start (`$tb`, scavenged deletes: the first version is not 1) or a gap.
   */
  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    validateVerifyOptions(options);
    const { onProgress, signal } = options;
    // `$all` is one stream read: progress (and the abort check) every `batchSize` events of it.
    const batch = options.batchSize ?? 1_000;
    const heads = new Map<string, { version: number; hash: string }>();
    let eventsChecked = 0;
    let sinceProgress = 0;
    const filter = allFilter(this.namespace, {});
    signal?.throwIfAborted();
    for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: KURRENT_START, filter: filter.server })) {
      if (sinceProgress >= batch) {
        sinceProgress = 0;
        await onProgress?.({ streamsChecked: heads.size, eventsChecked });
        signal?.throwIfAborted();
      }
      sinceProgress++;
      const raw = resolved.event as ClientRecordedEvent | undefined;
      if (!raw) continue;
      const stream = raw.streamId.slice(this.namespace.length);
      const envelope = decodeMetadata(raw.metadata);
      const version = versionOfRevision(raw.revision);
      const broken = (reason: string): VerifyReport => ({
        ok: false,
        streamsChecked: heads.size,
        eventsChecked,
        firstBroken: { stream, version, reason },
      });
      if (!envelope || !raw.isJson) return broken('event without the adapter envelope (written around the adapter?)');
      const head = heads.get(stream) ?? { version: 0, hash: '' };
      if (version !== head.version + 1) return broken(`version gap after ${head.version}`);
      if (envelope.previousHash !== head.hash) return broken('previous hash does not match the previous event');
      const expected = chainHash(
        head.hash,
        version,
        contentHash({ id: raw.id.toLowerCase(), stream, type: raw.type, schemaVersion: envelope.schemaVersion, data: raw.data, metadata: envelope.metadata }),
      );
      if (expected !== envelope.hash) return broken('hash mismatch: content or chain altered');
      heads.set(stream, { version, hash: envelope.hash });
      eventsChecked++;
    }
    if (sinceProgress > 0) await onProgress?.({ streamsChecked: heads.size, eventsChecked });
    signal?.throwIfAborted();
    return { ok: true, streamsChecked: heads.size, eventsChecked };
  }

  /**
   * No SQL sequence: each value is an event of the internal stream `_sequence-<name>`, appended with the exact
   * expected revision just read; the value is the event's 1-based version, so values have no gap and no repeat.
   * Concurrent allocators conflict and retry after a jittered backoff.
   */
  async nextSequenceValue(name: string): Promise<number> {
    const stream = sequenceStreamName(this.namespace, name);
    const maxAttempts = this.options.maxAttempts ?? 1000;
    for (let attempt = 1; ; attempt++) {
      let version = 0;
      try {
        for await (const resolved of this.client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })) {
          if (resolved.event) version = versionOfRevision(resolved.event.revision);
        }
      } catch (error) {
        if (!isStreamNotFound(error)) throw error;
      }
      try {
        await this.client.appendToStream(stream, jsonEvent({ type: 'sequence.allocated', data: { value: version + 1 } }), {
          streamState: streamStateForVersion(version),
        });
        return version + 1;
      } catch (error) {
        if (!isWrongExpectedVersion(error) || attempt >= maxAttempts) throw error;
        await sleep(Math.min(50, attempt) * Math.random());
      }
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

function maxCheckpoint(events: readonly { transactionId: bigint; position: bigint }[]): Checkpoint {
  return events.map(checkpointOf).reduce((a, b) => (compareCheckpoints(a, b) >= 0 ? a : b), START);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
