import { migrate, type SqlDatabase } from '@peps/sql';
import { validateAppends, validateStreamName } from '../append-validation.js';
import { contentHashOfValidated, storedEventHash } from '../canonical-json.js';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedVersionError } from '../errors.js';
import { validateCountAfter, validateReadAllOptions, validateReadStreamOptions, validateSubscribeOptions, validateVerifyOptions } from '../read-validation.js';
import type { AppendResult, Checkpoint, EventStore, ExpectedVersion, NewEvent, ReadAllOptions } from '../event-store.port.js';
import type { ReadStreamOptions, RecordedEvent, StreamAppend, SubscribeOptions, Subscription, VerifyOptions, VerifyReport } from '../event-store.port.js';
import { START } from '../event-store.port.js';
import { eventStoreMigrations } from './event-store-migrations.js';
import { CommitNotifier } from './commit-notifier.js';
import { SqlSubscription, SUBSCRIPTION_GATHER_MS } from './sql-subscription.js';
import { SharedLogReads } from './shared-log-reads.js';

/** A row of `es.events` as the store selects it. */
export interface EventRow {
  position: string | number;
  transaction_id: string;
  event_id: string;
  stream_name: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown>;
  recorded_at: Date | string;
  hash: string;
}

const EVENT_COLUMNS = `position::text as position, transaction_id::text as transaction_id, event_id::text as event_id,
  stream_name, stream_version, type, schema_version, data, metadata, recorded_at, hash`;

export interface SqlEventStoreOptions {
  /** Subscribers look for new events at least this often when no commit is announced. */
  pollIntervalMs?: number;
  /** A sleeping subscriber woken by a commit waits this long for the commits that follow it (see SqlSubscription). */
  gatherMs?: number;
}

/**
 * The readers' horizon, as seen by the statement's own snapshot: the oldest transaction still running that may yet
 * add events (see the migration's comment), or the snapshot's xmax when none may. Transaction ids are server-wide,
 * so a transaction running in another database of the server (a long batch, a CREATE DATABASE) would otherwise
 * hold delivery back here too; one is left out only when the server shows it in another database (a backend never
 * changes database). One not shown (finished meanwhile, prepared, hidden) counts: that only delays, never skips.
 * The reader's own transaction counts too (a snapshot does not list it). A hot standby's snapshot lists no running
 * transaction and cannot see the primary's backends: there, the oldest running one (xmin) as before.
 */
export const READ_HORIZON_SQL = `(select case when pg_is_in_recovery() then pg_snapshot_xmin(pg_current_snapshot()) else least(
    coalesce(
      (select min(x) from pg_snapshot_xip(pg_current_snapshot()) x
        where not exists (select 1 from pg_stat_get_activity(null) a
          where a.backend_xid is not null and a.datid <> (select oid from pg_database where datname = current_database())
            and a.backend_xid::text::numeric = x::text::numeric % 4294967296)),
      pg_snapshot_xmax(pg_current_snapshot())),
    pg_current_xact_id_if_assigned()) end)`;

/** Stream versions are `integer` columns: a larger expected version cannot be any stream's (and `::integer` would fail). */
const MAX_STREAM_VERSION = 2 ** 31 - 1;
/** `occurred_at` holds what PostgreSQL reads from ISO-8601 text: years 1 to 9999. */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/** Only what no running transaction can still add before. */
const VISIBLE = `transaction_id < ${READ_HORIZON_SQL}`;

export class SqlEventStore implements EventStore {
  readonly notifier: CommitNotifier;
  /** The subscribers' reads, shared when they ask together (late-bound: specs count readAllBelowHorizon's calls). */
  private readonly sharedReads = new SharedLogReads((options) => this.readAllBelowHorizon(options));

  constructor(
    readonly db: SqlDatabase,
    private readonly options: SqlEventStoreOptions = {},
  ) {
    this.notifier = new CommitNotifier(db);
  }

  static async open(db: SqlDatabase, options: SqlEventStoreOptions = {}): Promise<SqlEventStore> {
    await migrate(db, 'event-store', eventStoreMigrations);
    return new SqlEventStore(db, options);
  }

  append(stream: string, events: NewEvent[], options: { expectedVersion: ExpectedVersion }): Promise<AppendResult> {
    return this.appendMany([{ stream, events, expectedVersion: options.expectedVersion }]);
  }

  async appendMany(appends: StreamAppend[]): Promise<AppendResult> {
    const validated = validateAppends(appends);
    const beyond = appends.find((append) => typeof append.expectedVersion === 'number' && append.expectedVersion > MAX_STREAM_VERSION);
    if (beyond) throw new WrongExpectedVersionError(beyond.stream, beyond.expectedVersion, await this.streamVersion(beyond.stream));
    const payload = appends.map((append, index) => ({
      stream: append.stream,
      expected: String(append.expectedVersion),
      events: validated.get(`${index}`)!.map((event) => ({
        id: event.id,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata: event.metadata,
        contentHash: contentHashOfValidated(event, append.stream),
      })),
    }));
    // A new stream takes no lock and no look-up (event-store migration 3); everything else goes through es.append.
    const newStream = appends.length === 1 && appends[0].expectedVersion === 'no-stream';
    const json = JSON.stringify(newStream ? payload[0] : payload);
    const sql = newStream ? 'select es.append_new_stream($1::jsonb) as result' : 'select es.append($1::jsonb) as result';
    let result: RawAppendResult | undefined;
    for (let attempt = 1; !result; attempt++) {
      try {
        result = await this.call(sql, json);
      } catch (error) {
        if (!isUniqueViolation(error)) throw translateError(error);
        // The ids may be in the log already: a retry of an append that went through (under 'any' or
        // 'stream-exists' it passes the version check; a new stream never looks): answer as the first call did, or
        // refuse a repeat that does not match it (event-store migration 5). The function looks ids up only on such a
        // collision, never before each append.
        const earlier = await this.call<RawAppendResult | null>('select es.appended_before($1::jsonb) as result', JSON.stringify(payload)).catch(
          (lookupError: unknown) => Promise.reject(translateError(lookupError)),
        );
        if (earlier) result = earlier;
        else if (!isStreamConflict(error)) throw await this.idConflict(error, appends);
        // A locked writer that looked before a new stream's creator (which takes no lock) committed: look again.
        else if (!newStream && attempt < 3) continue;
        // Another writer created the stream first (or kept creating streams under this call).
        else throw await this.versionConflict(error, appends);
      }
    }
    if (!result.alreadyAppended) this.notifier.committed(BigInt(result.transactionId));
    return {
      alreadyAppended: result.alreadyAppended,
      streams: result.streams,
      checkpoint: { transactionId: BigInt(result.transactionId), position: BigInt(result.position) },
    };
  }

  /** Another writer moved a stream of this call: report that stream as it stands now. */
  private async versionConflict(error: unknown, appends: readonly StreamAppend[]): Promise<unknown> {
    // "Key (stream_name, stream_version)=(account-…, 1) already exists." / "Key (stream_name)=(account-…) already exists."
    const named = /=\(([^,)]+)/.exec((error as { detail?: string }).detail ?? '')?.[1];
    const append = appends.length === 1 ? appends[0] : appends.find((candidate) => candidate.stream === named);
    if (!append) return translateError(error);
    return new WrongExpectedVersionError(append.stream, append.expectedVersion, await this.streamVersion(append.stream));
  }

  /** An event id collided yet none of the call's ids was found afterwards: should not happen; still a conflict. */
  private async idConflict(error: unknown, appends: readonly StreamAppend[]): Promise<unknown> {
    const e = error as { constraint?: string; detail?: string };
    if (e?.constraint !== 'events_event_id_key') return translateError(error);
    const eventId = /=\(([^)]+)\)/.exec(e.detail ?? '')?.[1] ?? '';
    const append = appends.find((candidate) => candidate.events.some((event) => event.id.toLowerCase() === eventId)) ?? appends[0];
    return new IdempotencyConflictError(append.stream, append.expectedVersion, await this.streamVersion(append.stream), eventId, 'event id already recorded');
  }

  private async call<T extends RawAppendResult | null>(sql: string, json: string): Promise<T> {
    const {
      rows: [row],
    } = await this.db.query<{ result: T | string }>(sql, [json]);
    return (typeof row.result === 'string' ? JSON.parse(row.result) : row.result) as T;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    validateStreamName(stream);
    validateReadStreamOptions(options);
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [stream];
    let where = 'stream_name = $1';
    if (options.fromVersion !== undefined) {
      // As bigint: a version beyond the integer column reads nothing forwards, everything backwards.
      params.push(options.fromVersion);
      where += backwards ? ` and stream_version <= $${params.length}::bigint` : ` and stream_version >= $${params.length}::bigint`;
    }
    if (options.upTo) {
      // Every recorded instant lies within PostgreSQL's ISO-8601 years: one outside bounds nothing or everything.
      const upTo = options.upTo.getTime();
      if (upTo < FIRST_INSTANT) return [];
      if (upTo < LAST_INSTANT) {
        params.push(options.upTo.toISOString());
        where += ` and occurred_at <= $${params.length}::timestamptz`;
      }
    }
    let limit = '';
    if (options.limit !== undefined) {
      params.push(options.limit);
      limit = ` limit $${params.length}`;
    }
    const { rows } = await this.db.query<EventRow>(
      `select ${EVENT_COLUMNS} from es.events where ${where} order by stream_version ${backwards ? 'desc' : 'asc'}${limit}`,
      params,
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * SQL for the version of the stream that `streamNameSql` (an expression of the caller's query) names, null when the
   * stream does not exist: a query of the same database reads a stream's version without a round trip of its own.
   */
  sharesDatabase(db: unknown): boolean {
    return db === this.db;
  }

  streamVersionSql(streamNameSql: string): string {
    return `(select version from es.streams where stream_name = ${streamNameSql})`;
  }

  async streamVersion(stream: string): Promise<number> {
    validateStreamName(stream);
    const { rows } = await this.db.query<{ version: number }>('select version from es.streams where stream_name = $1', [stream]);
    return rows.length ? Number(rows[0].version) : 0;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readAllBelowHorizon(options)).events;
  }

  /**
   * readAll, and the horizon it read below: every transaction id under it had finished, so the read saw all of
   * their events after `after` (up to the limit). A subscriber told of a commit at or above it looks again soon.
   */
  async readAllBelowHorizon(options: ReadAllOptions = {}): Promise<{ events: RecordedEvent[]; horizon: bigint }> {
    validateReadAllOptions(options);
    const after = options.after ?? START;
    const params: unknown[] = [after.transactionId.toString(), after.position.toString()];
    let where = `(e.transaction_id, e.position) > ($1::xid8, $2::bigint) and e.transaction_id < h.horizon`;
    if (options.categories?.length) {
      params.push([...options.categories]);
      where += ` and e.stream_category = any($${params.length}::text[])`;
    }
    if (options.eventTypes?.length) {
      params.push([...options.eventTypes]);
      where += ` and e.type = any($${params.length}::text[])`;
    }
    params.push(options.limit ?? 1000);
    // One statement, one snapshot: the horizon is the very one the rows were read below. Always one row at least.
    const { rows } = await this.db.query<EventRow & { horizon: string; event_id: string | null }>(
      `with h as (select ${READ_HORIZON_SQL} as horizon)
       select h.horizon::text as horizon, batch.* from h left join lateral (
         select ${EVENT_COLUMNS} from es.events e where ${where}
         order by e.transaction_id, e.position limit $${params.length}) batch on true`,
      params,
    );
    return {
      horizon: BigInt(rows[0].horizon),
      events: rows.filter((row) => row.event_id !== null).map(toRecordedEvent),
    };
  }

  subscribe(options: SubscribeOptions): Subscription {
    validateSubscribeOptions(options);
    return SqlSubscription.start(this.sharedReads, this.db, this.notifier, {
      pollIntervalMs: this.options.pollIntervalMs ?? 500,
      gatherMs: this.options.gatherMs ?? SUBSCRIPTION_GATHER_MS,
      ...options,
    });
  }

  async head(): Promise<Checkpoint> {
    const { rows } = await this.db.query<{ transaction_id: string; position: string }>(
      `select transaction_id::text as transaction_id, position::text as position from es.events
       where ${VISIBLE} order by es.events.transaction_id desc, es.events.position desc limit 1`,
    );
    return rows.length ? { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) } : START;
  }

  /**
   * Newest event already committed, even if an older running transaction still keeps it below the readers'
   * horizon. A one-shot reader (CLI, tests) waits until it has read up to this to include its own writes.
   */
  async committedHead(): Promise<Checkpoint> {
    const { rows } = await this.db.query<{ transaction_id: string; position: string }>(
      `select transaction_id::text as transaction_id, position::text as position from es.events
       order by es.events.transaction_id desc, es.events.position desc limit 1`,
    );
    return rows.length ? { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) } : START;
  }

  /** Events after `from` that are visible now (of these types, if given), counted; a lag over the cap reads as the cap. */
  async countAfter(from: Checkpoint, cap = 1_000_000, eventTypes?: readonly string[]): Promise<number> {
    validateCountAfter(from, cap, eventTypes);
    const { rows } = await this.db.query<{ n: string | number }>(
      `select count(*)::text as n from (select 1 from es.events
        where (transaction_id, position) > ($1::xid8, $2::bigint) and ${VISIBLE}
          and ($4::text[] is null or type = any($4::text[])) limit $3) lagging`,
      [from.transactionId.toString(), from.position.toString(), cap, eventTypes?.length ? [...eventTypes] : null],
      // From the start of the log or from near its head: a generic plan fitted to the first would scan the log.
      { prepare: false },
    );
    return Number(rows[0].n);
  }

  async verify(options: VerifyOptions = {}): Promise<VerifyReport> {
    validateVerifyOptions(options);
    const { onProgress, signal } = options;
    let streamsChecked = 0;
    let eventsChecked = 0;
    let lastStream = '';
    let lastVersion = 0;
    let previousHash = '';
    const batch = options.batchSize ?? 5_000;
    const closeStream = async (): Promise<VerifyReport['firstBroken'] | undefined> => {
      if (!lastStream) return undefined;
      const { rows } = await this.db.query<{ version: number; last_hash: string }>(
        'select version, last_hash from es.streams where stream_name = $1',
        [lastStream],
      );
      if (!rows.length || Number(rows[0].version) !== lastVersion || rows[0].last_hash !== previousHash) {
        return { stream: lastStream, version: lastVersion, reason: 'stream head does not match its last event (event removed?)' };
      }
      return undefined;
    };
    for (;;) {
      signal?.throwIfAborted();
      const { rows } = await this.db.query<EventRow>(
        `select ${EVENT_COLUMNS} from es.events where (stream_name, stream_version) > ($1, $2)
         order by stream_name, stream_version limit ${batch}`,
        [lastStream, lastVersion],
      );
      for (const row of rows) {
        if (row.stream_name !== lastStream) {
          const broken = await closeStream();
          if (broken) return { ok: false, streamsChecked, eventsChecked, firstBroken: broken };
          streamsChecked++;
          lastStream = row.stream_name;
          lastVersion = 0;
          previousHash = '';
        }
        const version = Number(row.stream_version);
        if (version !== lastVersion + 1) {
          return { ok: false, streamsChecked, eventsChecked, firstBroken: { stream: row.stream_name, version, reason: `version gap after ${lastVersion}` } };
        }
        const expected = storedEventHash(previousHash, {
          id: row.event_id,
          stream: row.stream_name,
          version,
          type: row.type,
          schemaVersion: Number(row.schema_version),
          data: row.data,
          metadata: row.metadata,
        });
        if (expected !== row.hash) {
          return { ok: false, streamsChecked, eventsChecked, firstBroken: { stream: row.stream_name, version, reason: 'hash mismatch: content or chain altered' } };
        }
        previousHash = row.hash;
        lastVersion = version;
        eventsChecked++;
      }
      if (rows.length) await onProgress?.({ streamsChecked, eventsChecked });
      if (rows.length < batch) break;
    }
    signal?.throwIfAborted();
    const broken = await closeStream();
    if (broken) return { ok: false, streamsChecked, eventsChecked, firstBroken: broken };
    // A stream whose every event was deleted still has its head row.
    const { rows: orphans } = await this.db.query<{ stream_name: string; version: number }>(
      `select stream_name, version from es.streams s where not exists (select 1 from es.events e where e.stream_name = s.stream_name) limit 1`,
    );
    if (orphans.length) {
      return { ok: false, streamsChecked, eventsChecked, firstBroken: { stream: orphans[0].stream_name, version: 1, reason: 'stream has no event left' } };
    }
    return { ok: true, streamsChecked, eventsChecked };
  }

  async nextSequenceValue(name: string): Promise<number> {
    const { rows } = await this.db.query<{ value: string | number }>(
      `insert into es.sequences as s (name, value) values ($1, 1)
       on conflict (name) do update set value = s.value + 1 returning value::text as value`,
      [name],
    );
    return Number(rows[0].value);
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

interface RawAppendResult {
  alreadyAppended: boolean;
  streams: { stream: string; nextVersion: number }[];
  transactionId: string;
  position: string;
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    stream: row.stream_name,
    version: Number(row.stream_version),
    position: BigInt(row.position),
    transactionId: BigInt(row.transaction_id),
    type: row.type,
    schemaVersion: Number(row.schema_version),
    data: row.data,
    metadata: row.metadata as RecordedEvent['metadata'],
    recordedAt: new Date(row.recorded_at).toISOString(),
    hash: row.hash,
  };
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: string })?.code === '23505';
}

/** The stream's versions collided (not an event id): another writer got there first. */
function isStreamConflict(error: unknown): boolean {
  const constraint = (error as { constraint?: string })?.constraint;
  return constraint === 'events_stream_name_stream_version_key' || constraint === 'streams_pkey';
}

interface ConflictDetail {
  stream: string;
  expected: string;
  actual: number;
  reason?: string;
  eventId?: string;
}

/** PE409 (wrong expected version) and PE422 (a repeat that does not match its append) as raised by the es functions. */
function translateError(error: unknown): unknown {
  const e = error as { code?: string; detail?: string; message?: string };
  if ((e?.code === 'PE409' || e?.code === 'PE422') && e.detail) {
    const detail = JSON.parse(e.detail) as ConflictDetail;
    const expected: ExpectedVersion = /^\d+$/.test(detail.expected) ? Number(detail.expected) : (detail.expected as ExpectedVersion);
    return e.code === 'PE409'
      ? new WrongExpectedVersionError(detail.stream, expected, Number(detail.actual), detail.reason)
      : new IdempotencyConflictError(detail.stream, expected, Number(detail.actual), detail.eventId ?? '', detail.reason);
  }
  if (e?.code === '22P02' || e?.code === '22007' || e?.code === '22008') return new InvalidAppendError(e.message ?? 'invalid input');
  return error;
}
