import { randomUUID } from 'node:crypto';
import { MAX_EVENT_BYTES, storedEventHash, type EventMetadata, type EventRow, type EventStore, type NewEvent } from '@peps/event-store';
import type { SqlDatabase, SqlExecutor } from '@peps/sql';
import type { KeyVault } from './key-vault.js';
import { prepareKeysFor, sealEvent, type PersonalFieldMap } from './seal-event.js';

export const LOG_SEALED_EVENT_TYPE = 'personal-data.log-sealed';

/** A changed stream's chain head: the hash of its last event before the run and after it. */
export interface ChainHeadChange {
  stream: string;
  before: string;
  after: string;
}

export interface SealLogOptions {
  /** Events per transaction, rounded up to whole streams: a committed batch always leaves verifiable chains. */
  batchSize?: number;
  /** Streams of a batch sealed side by side (key look-ups and creations), 8 by default. */
  concurrency?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** After each committed batch, its number from 1 (specs interrupt a run here). */
  afterBatch?: (batch: number) => Promise<void> | void;
  now?: () => Date;
}

export interface SealLogResult {
  /** The stream recording the run (`personal-data-migration-<uuid>`), null when nothing had to be sealed. */
  recordStream: string | null;
  eventsRead: number;
  eventsChanged: number;
  streamsChanged: number;
  heads: ChainHeadChange[];
  startedAt: string;
  finishedAt: string;
  /** False when the run stopped on an error: what it sealed before is recorded, a next run seals the rest. */
  completed: boolean;
}

/** A stream's chain did not hold before the run: sealing it would re-chain (and hide) an alteration. */
export class BrokenChainError extends Error {
  constructor(
    readonly stream: string,
    readonly version: number,
  ) {
    super(`La chaîne d’intégrité du flux ${stream} est rompue à la version ${version} : rien n’a été réécrit dans ce lot. Lancez audit:verify et examinez ce flux avant de recommencer.`);
    this.name = 'BrokenChainError';
  }
}

/** The columns the migration reads (`COLUMNS`). */
type Row = Pick<EventRow, 'event_id' | 'stream_name' | 'stream_version' | 'type' | 'schema_version' | 'data' | 'hash'> & { position: string; metadata: EventMetadata };

interface Rewrite {
  stream: string;
  before: string;
  after: string;
  lastVersion: number;
  sealed: number;
  rows: { position: string; data: unknown; metadata: EventMetadata; hash: string }[];
}

const COLUMNS = `position::text as position, event_id::text as event_id, stream_name, stream_version, type, schema_version, data, metadata, hash`;
const RECORD_EVENTS_PER_APPEND = 10;
/** Attempts of one batch whose streams a running platform appended to meanwhile. */
const ATTEMPTS = 5;

/**
 * `personal-data:seal-log`: seals the personal values and source addresses of a SQL log written before
 * crypto-shredding, exactly as the sealing store does on append (`sealEvent`), and re-chains each changed stream
 * from its first changed event with the store's own hash (`storedEventHash`, what `verify()` checks). Stream by
 * stream in name order, whole streams per transaction, each stream's lock held as `es.append` takes it, its head
 * compared with what was read: a batch is all or nothing, and a run cut halfway resumes (sealed values are left as
 * they are). Keys are fetched or created before the transaction (PGlite has one session). A stream whose chain
 * did not hold before is refused (BrokenChainError), never re-chained. The run is recorded in
 * `personal-data-migration-<uuid>` (`personal-data.log-sealed` v1): counts, instants and each changed stream's old
 * and new head, for an auditor to check; a run stopped on an error records what it committed (`completed: false`).
 */
export async function sealLog(db: SqlDatabase, store: EventStore, vault: KeyVault, map: PersonalFieldMap, options: SealLogOptions = {}): Promise<SealLogResult> {
  const batchSize = options.batchSize ?? 1_000;
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const { rows: counted } = await db.query<{ n: string }>('select count(*)::text as n from es.events');
  const total = Number(counted[0]!.n);
  const heads: ChainHeadChange[] = [];
  let eventsChanged = 0;
  let done = 0;
  let after = '';
  const finish = async (completed: boolean): Promise<SealLogResult> => {
    const result: SealLogResult = { recordStream: null, eventsRead: done, eventsChanged, streamsChanged: heads.length, heads, startedAt, finishedAt: now().toISOString(), completed };
    if (!heads.length) return result;
    const runId = randomUUID();
    result.recordStream = `personal-data-migration-${runId}`;
    // A few megabytes per append: millions of events change hundreds of thousands of streams (`parts` tells an
    // auditor that none is missing).
    const events = recordEvents(runId, result);
    for (let from = 0; from < events.length; from += RECORD_EVENTS_PER_APPEND) {
      await store.append(result.recordStream, events.slice(from, from + RECORD_EVENTS_PER_APPEND), { expectedVersion: from === 0 ? 'no-stream' : from });
    }
    return result;
  };
  try {
    for (let batch = 1; ; batch++) {
      let rows: Row[] = [];
      for (let attempt = 1; ; attempt++) {
        rows = await readBatch(db, after, batchSize);
        const rewrites = await rewritesOf(rows, vault, map, options.concurrency ?? 8);
        if (!rewrites.length || (await write(db, rewrites))) {
          for (const r of rewrites) heads.push({ stream: r.stream, before: r.before, after: r.after });
          eventsChanged += rewrites.reduce((sum, r) => sum + r.sealed, 0);
          break;
        }
        if (attempt === ATTEMPTS) throw new Error(`Des événements sont ajoutés sans cesse aux flux de ce lot (après « ${after} ») : relancez la commande plus tard.`);
      }
      if (!rows.length) break;
      after = rows[rows.length - 1]!.stream_name;
      done += rows.length;
      options.onProgress?.({ done, total: Math.max(total, done) });
      // The key table grows from (nearly) nothing faster than autovacuum analyses it: with the statistics of an empty
      // table the planner scans it whole for each batch's keys, slower at every batch. Analysed after batches 1, 2,
      // 4, 8…: a dozen times for millions of events.
      if ((batch & (batch - 1)) === 0) await db.exec('analyze pd.subject_keys');
      await options.afterBatch?.(batch);
    }
  } catch (error) {
    // The batches committed so far are recorded all the same (`completed: false`): the run that resumes records the rest.
    await finish(false).catch(() => undefined);
    throw error;
  }
  return finish(true);
}

/** The events of the streams after `after`, `batchSize` of them and the rest of the last stream. */
async function readBatch(db: SqlExecutor, after: string, batchSize: number): Promise<Row[]> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from es.events where stream_name > $1 order by stream_name, stream_version limit $2`, [after, batchSize]);
  if (rows.length < batchSize) return rows;
  const last = rows[rows.length - 1]!;
  const { rows: rest } = await db.query<Row>(`select ${COLUMNS} from es.events where stream_name = $1 and stream_version > $2 order by stream_version`, [
    last.stream_name,
    last.stream_version,
  ]);
  return rows.concat(rest);
}

/**
 * Each stream of the batch with a value to seal: its events from the first sealed one, sealed and re-chained.
 * The batch's keys are created or fetched first, in bulk; streams are then sealed `concurrency` at a time, so that
 * a key the vault still has to fetch costs a round trip the server's pool runs beside the others (PGlite serialises).
 */
async function rewritesOf(rows: Row[], vault: KeyVault, map: PersonalFieldMap, concurrency: number): Promise<Rewrite[]> {
  const streams: Row[][] = [];
  for (let start = 0; start < rows.length; ) {
    let end = start;
    while (end < rows.length && rows[end]!.stream_name === rows[start]!.stream_name) end++;
    streams.push(rows.slice(start, end));
    start = end;
  }
  await prepareKeysFor(
    rows.map((row) => ({ type: row.type, data: row.data, metadata: row.metadata })),
    vault,
    map,
  );
  const rewrites: (Rewrite | null)[] = new Array(streams.length).fill(null);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, streams.length) }, async () => {
      for (let i = next++; i < streams.length; i = next++) rewrites[i] = await rewriteOf(streams[i]!, vault, map);
    }),
  );
  return rewrites.filter((r): r is Rewrite => r !== null);
}

async function rewriteOf(stream: Row[], vault: KeyVault, map: PersonalFieldMap): Promise<Rewrite | null> {
  const sealed = [];
  for (const row of stream) sealed.push(await sealEvent({ type: row.type, data: row.data, metadata: row.metadata }, vault, map));
  const first = sealed.findIndex((event, i) => event.data !== stream[i]!.data || event.metadata !== stream[i]!.metadata);
  if (first < 0) return null;
  checkChain(stream);
  let previous = first === 0 ? '' : stream[first - 1]!.hash;
  const rewrite: Rewrite = { stream: stream[0]!.stream_name, before: stream.at(-1)!.hash, after: '', lastVersion: stream.at(-1)!.stream_version, sealed: 0, rows: [] };
  for (let i = first; i < stream.length; i++) {
    const row = stream[i]!;
    const event = sealed[i]!;
    previous = storedEventHash(previous, hashed(row, event.data, event.metadata));
    if (event.data !== row.data || event.metadata !== row.metadata) rewrite.sealed++;
    rewrite.rows.push({ position: row.position, data: event.data, metadata: event.metadata, hash: previous });
  }
  rewrite.after = previous;
  return rewrite;
}

/** The stream's chain as stored, checked as `verify()` does, before anything of it is re-chained. */
function checkChain(stream: Row[]): void {
  let previous = '';
  for (const [i, row] of stream.entries()) {
    if (row.stream_version !== i + 1 || storedEventHash(previous, hashed(row, row.data, row.metadata)) !== row.hash) {
      throw new BrokenChainError(row.stream_name, row.stream_version);
    }
    previous = row.hash;
  }
}

function hashed(row: Row, data: unknown, metadata: EventMetadata) {
  return { id: row.event_id, stream: row.stream_name, version: row.stream_version, type: row.type, schemaVersion: row.schema_version, data, metadata };
}

/**
 * Writes the batch in one transaction, under each stream's lock (in es.append's order, so neither waits for the
 * other forever); false, writing nothing, when a stream's head moved since it was read (a running platform appended).
 */
async function write(db: SqlDatabase, rewrites: Rewrite[]): Promise<boolean> {
  const streams = rewrites.map((r) => r.stream);
  return db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtextextended('es:' || s, 0)) from (select s from unnest($1::text[]) s order by 1) locked`, [streams]);
    const { rows } = await tx.query<{ stream_name: string; version: number; last_hash: string }>(
      'select stream_name, version, last_hash from es.streams where stream_name = any($1::text[])',
      [streams],
    );
    const head = new Map(rows.map((row) => [row.stream_name, row]));
    if (rewrites.some((r) => head.get(r.stream)?.version !== r.lastVersion || head.get(r.stream)?.last_hash !== r.before)) {
      return false;
    }
    await tx.query(
      `update es.events e set data = v.data, metadata = v.metadata, hash = v.hash
       from jsonb_to_recordset($1::jsonb) as v(position bigint, data jsonb, metadata jsonb, hash text) where e.position = v.position`,
      [JSON.stringify(rewrites.flatMap((r) => r.rows))],
    );
    await tx.query(
      `update es.streams s set last_hash = v.after from jsonb_to_recordset($1::jsonb) as v(stream text, after text) where s.stream_name = v.stream`,
      [JSON.stringify(rewrites.map((r) => ({ stream: r.stream, after: r.after })))],
    );
    return true;
  });
}

/** The run's record: one event, or several in one append when the heads would not fit in one event. */
function recordEvents(runId: string, result: SealLogResult): NewEvent[] {
  const { startedAt, finishedAt, completed, eventsRead, streamsChanged, eventsChanged } = result;
  const summary = { runId, startedAt, finishedAt, completed, eventsRead, streamsChanged, eventsChanged };
  const budget = MAX_EVENT_BYTES / 2;
  const pages: ChainHeadChange[][] = [[]];
  let size = 0;
  for (const head of result.heads) {
    const bytes = Buffer.byteLength(JSON.stringify(head)) + 1;
    if (size + bytes > budget && pages.at(-1)!.length) {
      pages.push([]);
      size = 0;
    }
    pages.at(-1)!.push(head);
    size += bytes;
  }
  return pages.map((page, i) => ({
    id: randomUUID(),
    type: LOG_SEALED_EVENT_TYPE,
    schemaVersion: 1,
    data: { ...summary, part: i + 1, parts: pages.length, heads: page },
    metadata: { actor: 'system', correlationId: runId, occurredAt: result.finishedAt },
  }));
}
