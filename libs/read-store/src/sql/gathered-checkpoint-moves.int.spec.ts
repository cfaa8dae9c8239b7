import { jest } from '@jest/globals';
import type { EventMetadata } from '@peps/event-store';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { SqlReadStore } from './sql-read-store.js';
import { countingProjection } from '../testing/counting-projection.js';
import { createReadStoreTestDatabase } from '../testing/read-store-test-database.js';

const second = { ...countingProjection, name: 'test-counts-again' };
const at = (transactionId: bigint, position: bigint) => ({ transactionId, position });

describe.each(testDatabaseKinds())('checkpoint moves of batches with nothing to write, on %s', (kind) => {
  let t: TestDatabase;
  let readStore: SqlReadStore;

  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, [countingProjection]);
    readStore = new SqlReadStore(t.db);
    await readStore.openCheckpoint(countingProjection);
    await readStore.openCheckpoint(second);
  });
  afterEach(() => t.destroy());

  it('given two projections moving past the same batch in one turn, then one statement moves both', async () => {
    const statements = jest.spyOn(t.db, 'query');
    const start = at(0n, 0n);
    await Promise.all([readStore.writeBatch(countingProjection, [], start, at(7n, 3n)), readStore.writeBatch(second, [], start, at(7n, 3n))]);
    expect(statements.mock.calls.filter(([sql]) => String(sql).includes('update read.checkpoints'))).toHaveLength(1);
    statements.mockRestore();
    expect((await readStore.checkpoint(countingProjection.name))?.checkpoint).toEqual(at(7n, 3n));
    expect((await readStore.checkpoint(second.name))?.checkpoint).toEqual(at(7n, 3n));
  });

  it('given one of them moved by another writer meanwhile, then that one is fenced and the other still moves', async () => {
    await readStore.writeBatch(second, [], at(0n, 0n), at(5n, 1n)); // another writer of `second`
    const answers = await Promise.allSettled([
      readStore.writeBatch(countingProjection, [], at(0n, 0n), at(7n, 3n)),
      readStore.writeBatch(second, [], at(0n, 0n), at(7n, 3n)),
    ]);
    expect(answers[0].status).toBe('fulfilled');
    expect(answers[1].status === 'rejected' && (answers[1].reason as Error).name).toBe('FencedError');
    expect((await readStore.checkpoint(countingProjection.name))?.checkpoint).toEqual(at(7n, 3n));
    expect((await readStore.checkpoint(second.name))?.checkpoint).toEqual(at(5n, 1n));
  });

  it('given a batch with documents, then it is written in a transaction of its own that does not wait for the WAL flush', async () => {
    const transactions = jest.spyOn(t.db, 'transaction');
    const event = { id: 'e-1', stream: 'a-1', version: 1, type: 'test.one', data: {}, metadata: {} as EventMetadata, occurredAt: '2026-12-04T00:00:00.000Z', transactionId: 7n, position: 3n };
    await Promise.all([readStore.writeBatch(countingProjection, [event], at(0n, 0n), at(7n, 3n)), readStore.writeBatch(second, [], at(0n, 0n), at(7n, 3n))]);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(transactions.mock.calls[0]![1]).toEqual({ synchronousCommit: false });
    transactions.mockRestore();
    expect((await t.db.query<{ count: number }>('select count from read.test_stream_counts where stream = $1', ['a-1'])).rows.map((r) => Number(r.count))).toEqual([1]);
    expect((await readStore.checkpoint(countingProjection.name))?.checkpoint).toEqual(at(7n, 3n));
    expect((await readStore.checkpoint(second.name))?.checkpoint).toEqual(at(7n, 3n));
  });
});
