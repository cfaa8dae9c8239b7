import { SqlEventStore } from '@peps/event-store';
import { newEvent } from '@peps/event-store/testing';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { ProjectionRunner } from '../projection-runner.js';
import { countingProjection } from '../testing/counting-projection.js';
import { createReadStoreTestDatabase } from '../testing/read-store-test-database.js';
import { deferIndexes } from './deferred-indexes.js';
import { SqlReadStore } from './sql-read-store.js';

describe.each(testDatabaseKinds())('indexes set aside during a rebuild, on %s', (kind) => {
  let t: TestDatabase;
  let store: SqlEventStore;

  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, [countingProjection]);
    store = new SqlEventStore(t.db, { pollIntervalMs: 50 });
  });
  afterEach(() => t.destroy());

  const indexes = async () =>
    (await t.db.query<{ indexname: string }>(`select indexname from pg_indexes where schemaname = 'read' and tablename = 'test_stream_counts' order by 1`)).rows.map(
      (r) => r.indexname,
    );
  const deferred = async () => (await t.db.query<{ index_name: string }>('select index_name from read.deferred_indexes')).rows.map((r) => r.index_name);
  const rows = async () => (await t.db.query('select * from read.test_stream_counts order by stream')).rows;

  it('drops the secondary index while replaying, builds it again at the end, same rows', async () => {
    for (let i = 0; i < 12; i++) await store.append(`s-${i % 4}`, [newEvent('test.one')], { expectedVersion: 'any' });
    await ProjectionRunner.rebuildTogether([new ProjectionRunner(countingProjection, store, new SqlReadStore(t.db), { batchSize: 5 })]);
    const before = await rows();
    expect(await indexes()).toEqual(['test_stream_counts_last_type', 'test_stream_counts_pkey']);

    // What the replay's own transactions see of the table's indexes.
    const seenDuring: string[][] = [];
    const watching: typeof countingProjection = {
      ...countingProjection,
      async save(tx, changes) {
        const { rows: names } = await tx.query<{ indexname: string }>(
          `select indexname from pg_indexes where schemaname = 'read' and tablename = 'test_stream_counts' order by 1`,
        );
        seenDuring.push(names.map((r) => r.indexname));
        await countingProjection.save(tx, changes);
      },
    };
    await ProjectionRunner.rebuildTogether([new ProjectionRunner(watching, store, new SqlReadStore(t.db), { batchSize: 5 })]);
    expect(seenDuring.length).toBeGreaterThan(1);
    expect(new Set(seenDuring.map((names) => names.join()))).toEqual(new Set(['test_stream_counts_pkey']));
    expect(await indexes()).toEqual(['test_stream_counts_last_type', 'test_stream_counts_pkey']);
    expect(await deferred()).toEqual([]);
    expect(await rows()).toEqual(before);
  });

  it('a rebuild that died leaves its indexes recorded; the next start creates them again', async () => {
    expect(await deferIndexes(t.db, ['test_stream_counts'])).toBe(1);
    expect(await indexes()).toEqual(['test_stream_counts_pkey']);
    expect(await deferred()).toEqual(['test_stream_counts_last_type']);

    await SqlReadStore.open(t.db, [countingProjection]);
    expect(await indexes()).toEqual(['test_stream_counts_last_type', 'test_stream_counts_pkey']);
    expect(await deferred()).toEqual([]);
  });
});
