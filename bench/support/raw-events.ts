// The raw baseline both append benches measure the event store against: single-row INSERTs of es.events' columns.
import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@peps/event-store';
import type { SqlDatabase } from '@peps/sql';

/** The `i`-th event of a bench run: the same small payload for the store's appends and the raw INSERTs. */
export function benchEvent(i: number): NewEvent {
  return {
    id: randomUUID(),
    type: 'bench.appended',
    schemaVersion: 1,
    data: { i, name: 'Jean Louty', email: 'jean.louty@chu-nantes.fr' },
    metadata: { actor: 'bench', correlationId: randomUUID(), occurredAt: new Date().toISOString() },
  };
}

/** (Re)creates `table` with es.events' columns and keys, without the event store's hashing or version checks. */
export async function createRawTable(db: SqlDatabase, table: string): Promise<void> {
  await db.exec(`drop table if exists ${table}; create table ${table} (
    position bigint generated always as identity primary key, event_id uuid not null unique, stream_name text not null,
    stream_category text not null, stream_version integer not null, type text not null, schema_version integer not null,
    data jsonb not null, metadata jsonb not null, occurred_at timestamptz not null,
    recorded_at timestamptz not null default clock_timestamp(), hash text not null, unique (stream_name, stream_version))`);
}

/** One raw single-row INSERT of `event` as the first of stream `stream`. */
export async function insertRaw(db: SqlDatabase, table: string, stream: string, event: NewEvent): Promise<void> {
  await db.query(
    `insert into ${table} (event_id, stream_name, stream_category, stream_version, type, schema_version, data, metadata, occurred_at, hash)
     values ($1, $2, 'raw', 1, $3, 1, $4, $5, $6, $7)`,
    [event.id, stream, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), event.metadata.occurredAt, 'x'.repeat(64)],
  );
}

/** Runs `work` from `workers` concurrent loops for `seconds`; returns operations per second. */
export async function rate(workers: number, seconds: number, work: (worker: number, i: number) => Promise<void>): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; Date.now() < deadline; i++) {
        await work(w, i);
        count++;
      }
    }),
  );
  return count / ((Date.now() - started) / 1000);
}
