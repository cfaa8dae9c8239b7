import type { EventStore } from '@peps/event-store';
import { newEvent } from '@peps/event-store/testing';
import type { Migration, SqlExecutor } from '@peps/sql';
import type { Projection } from '../projection.js';

interface StreamCount {
  stream: string;
  count: number;
  lastType: string;
}

const migrations: Migration[] = [
  { version: 1, name: 'stream counts', sql: 'create table read.test_stream_counts (stream text primary key, count integer not null, last_type text not null)' },
  // A secondary index, as real projections have: a rebuild sets it aside and builds it again at the end.
  { version: 2, name: 'by last type', sql: 'create index test_stream_counts_last_type on read.test_stream_counts (last_type, stream)' },
];

/** Test projection: events per stream. `test.poison` makes evolve throw, like a bug meeting an odd event. */
export const countingProjection: Projection<StreamCount> = {
  name: 'test-counts',
  version: 1,
  eventTypes: (type) => type.startsWith('test.'),
  migrations,
  tables: ['test_stream_counts'],
  keys: (event) => [event.stream],
  evolve(doc, event, key) {
    if (event.type === 'test.poison') throw new Error('cannot digest this event');
    return { stream: key, count: (doc?.count ?? 0) + 1, lastType: event.type };
  },
  async load(tx: SqlExecutor, keys) {
    const { rows } = await tx.query<{ stream: string; count: number; last_type: string }>(
      'select stream, count, last_type from read.test_stream_counts where stream = any($1::text[])',
      [keys],
    );
    return new Map(rows.map((r) => [r.stream, { stream: r.stream, count: Number(r.count), lastType: r.last_type }]));
  },
  async save(tx: SqlExecutor, changes) {
    const docs = [...changes.values()].filter((d): d is StreamCount => d !== null);
    await tx.query(
      `insert into read.test_stream_counts (stream, count, last_type)
       select * from jsonb_to_recordset($1::jsonb) as x(stream text, count integer, "lastType" text)
       on conflict (stream) do update set count = excluded.count, last_type = excluded.last_type`,
      [JSON.stringify(docs)],
    );
  },
};

/** A log with a `test.poison` event (stream p-1) between two events the counting projection digests (stream a-1). */
export async function appendAroundPoison(store: EventStore): Promise<void> {
  await store.append('a-1', [newEvent('test.one')], { expectedVersion: 'no-stream' });
  await store.append('p-1', [newEvent('test.poison')], { expectedVersion: 'no-stream' });
  await store.append('a-1', [newEvent('test.two')], { expectedVersion: 1 });
}
