import { jest } from '@jest/globals';
import type { EventMetadata } from '@peps/event-store';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import type { ProjectedEvent } from '../projection.js';
import { SqlReadStore } from './sql-read-store.js';
import { GATHERED_BATCH_EVENTS } from './gathered-projection-writes.js';
import { countingProjection } from '../testing/counting-projection.js';
import { createReadStoreTestDatabase } from '../testing/read-store-test-database.js';

const second = { ...countingProjection, name: 'test-counts-again' };
const third = { ...countingProjection, name: 'test-counts-third' };
const at = (transactionId: bigint, position: bigint) => ({ transactionId, position });
const start = at(0n, 0n);

let position = 0n;
const event = (stream: string, type = 'test.one'): ProjectedEvent => {
  position += 1n;
  return { id: `e-${position}`, stream, version: 1, type, data: {}, metadata: {} as EventMetadata, occurredAt: '2026-12-04T00:00:00.000Z', transactionId: 7n, position };
};

describe.each(testDatabaseKinds())('projection writes of one turn gathered, on %s', (kind) => {
  let t: TestDatabase;
  let readStore: SqlReadStore;
  const checkpointOf = async (name: string) => (await readStore.checkpoint(name))?.checkpoint;
  const countOf = async (stream: string) =>
    (await t.db.query<{ count: number }>('select count from read.test_stream_counts where stream = $1', [stream])).rows.map((r) => Number(r.count));

  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, [countingProjection]);
    readStore = new SqlReadStore(t.db);
    for (const projection of [countingProjection, second, third]) await readStore.openCheckpoint(projection);
  });
  afterEach(() => t.destroy());

  it('given two projections moving past the same batch in one turn, then one statement moves both, outside a transaction', async () => {
    const statements = jest.spyOn(t.db, 'query');
    const transactions = jest.spyOn(t.db, 'transaction');
    await Promise.all([readStore.writeBatch(countingProjection, [], start, at(7n, 3n)), readStore.writeBatch(second, [], start, at(7n, 3n))]);
    expect(statements.mock.calls.filter(([sql]) => String(sql).includes('update read.checkpoints'))).toHaveLength(1);
    expect(transactions).not.toHaveBeenCalled();
    statements.mockRestore();
    transactions.mockRestore();
    expect(await checkpointOf(countingProjection.name)).toEqual(at(7n, 3n));
    expect(await checkpointOf(second.name)).toEqual(at(7n, 3n));
  });

  it('given one of them moved by another writer meanwhile, then that one is fenced and the other still moves', async () => {
    await readStore.writeBatch(second, [], start, at(5n, 1n)); // another writer of `second`
    const answers = await Promise.allSettled([
      readStore.writeBatch(countingProjection, [], start, at(7n, 3n)),
      readStore.writeBatch(second, [], start, at(7n, 3n)),
    ]);
    expect(answers[0].status).toBe('fulfilled');
    expect(answers[1].status === 'rejected' && (answers[1].reason as Error).name).toBe('FencedError');
    expect(await checkpointOf(countingProjection.name)).toEqual(at(7n, 3n));
    expect(await checkpointOf(second.name)).toEqual(at(5n, 1n));
  });

  it('given two batches with documents and a move in one turn, then one transaction writes them all with their checkpoints', async () => {
    const transactions = jest.spyOn(t.db, 'transaction');
    await Promise.all([
      readStore.writeBatch(countingProjection, [event('a-1')], start, at(7n, 3n)),
      readStore.writeBatch(second, [event('b-1'), event('b-1')], start, at(7n, 3n)),
      readStore.writeBatch(third, [], start, at(7n, 3n)),
    ]);
    expect(transactions).toHaveBeenCalledTimes(1);
    transactions.mockRestore();
    // The three projections share one table here: each counted its own stream.
    expect(await countOf('a-1')).toEqual([1]);
    expect(await countOf('b-1')).toEqual([2]);
    for (const projection of [countingProjection, second, third]) expect(await checkpointOf(projection.name)).toEqual(at(7n, 3n));
  });

  it('given one batch of the turn failing in its projection, then only that one fails and the others are written', async () => {
    const answers = await Promise.allSettled([
      readStore.writeBatch(countingProjection, [event('a-2', 'test.poison')], start, at(7n, 3n)),
      readStore.writeBatch(second, [event('b-2')], start, at(7n, 3n)),
      readStore.writeBatch(third, [], start, at(7n, 3n)),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(answers[0].status === 'rejected' && (answers[0].reason as Error).message).toBe('cannot digest this event');
    expect(await countOf('a-2')).toEqual([]);
    expect(await checkpointOf(countingProjection.name)).toEqual(start);
    expect(await countOf('b-2')).toEqual([1]);
    expect(await checkpointOf(second.name)).toEqual(at(7n, 3n));
    expect(await checkpointOf(third.name)).toEqual(at(7n, 3n));
  });

  it('given one batch of the turn whose checkpoint another writer moved, then that one is fenced and the others are written', async () => {
    await readStore.writeBatch(countingProjection, [], start, at(5n, 1n)); // another writer of the first projection
    const answers = await Promise.allSettled([
      readStore.writeBatch(countingProjection, [event('a-3')], start, at(7n, 3n)),
      readStore.writeBatch(second, [event('b-3')], start, at(7n, 3n)),
    ]);
    expect(answers[0].status === 'rejected' && (answers[0].reason as Error).name).toBe('FencedError');
    expect(answers[1].status).toBe('fulfilled');
    expect(await countOf('a-3')).toEqual([]);
    expect(await checkpointOf(countingProjection.name)).toEqual(at(5n, 1n));
    expect(await countOf('b-3')).toEqual([1]);
  });

  it('given a large batch (a rebuild), then it is written in a transaction of its own beside the gathered ones', async () => {
    const large = Array.from({ length: GATHERED_BATCH_EVENTS + 1 }, () => event('big'));
    const transactions = jest.spyOn(t.db, 'transaction');
    await Promise.all([
      readStore.writeBatch(countingProjection, large, start, at(7n, 3n)),
      readStore.writeBatch(second, [event('small')], start, at(7n, 3n)),
      readStore.writeBatch(third, [event('small-too')], start, at(7n, 3n)),
    ]);
    expect(transactions).toHaveBeenCalledTimes(2);
    transactions.mockRestore();
    expect(await countOf('big')).toEqual([GATHERED_BATCH_EVENTS + 1]);
    expect(await countOf('small')).toEqual([1]);
  });
});
