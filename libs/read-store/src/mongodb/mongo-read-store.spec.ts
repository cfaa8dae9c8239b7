import fc from 'fast-check';
import { compareCheckpoints, START, type Checkpoint } from '@peps/event-store';
import type { ProjectedEvent } from '../projection.js';
import { countingProjection } from '../testing/counting-projection.js';
import { defaultMongoMapping, foldFromPositions, fromStoredDocument, guardedWrites, isAlreadyApplied, LIVE } from './mongo-documents.js';
import { toStoredDocument, type Loaded, type MongoProjectionMapping } from './mongo-documents.js';
import { fromCheckpointDocument, parsePositionKey, positionGuard, positionKey, START_KEY, toCheckpointDocument } from './mongo-positions.js';
import { databaseNameOf, digestOf, indexesFor, lastAppliedIndex, supportsTransactions, systemIndexes } from './mongo-read-store.js';

const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
const checkpoints = fc.record({ transactionId: u64, position: u64 });

let sequence = 0;
function event(stream: string, type: string, checkpoint: Checkpoint): ProjectedEvent {
  return {
    id: `e-${++sequence}`,
    stream,
    version: 1,
    type,
    data: {},
    metadata: { actor: 'test', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' },
    occurredAt: '2026-01-01T00:00:00.000Z',
    ...checkpoint,
  };
}
const at = (transactionId: number, position: number): Checkpoint => ({ transactionId: BigInt(transactionId), position: BigInt(position) });

describe('MongoDB positions', () => {
  it('sort as strings exactly as checkpoints compare, for every 64-bit value', () => {
    fc.assert(
      fc.property(checkpoints, checkpoints, (a, b) => {
        const byKey = positionKey(a) < positionKey(b) ? -1 : positionKey(a) > positionKey(b) ? 1 : 0;
        expect(byKey).toBe(compareCheckpoints(a, b));
        expect(parsePositionKey(positionKey(a))).toEqual(a);
      }),
    );
    // Numeric, not textual: 9 comes before 10.
    expect(positionKey(at(9, 1)) < positionKey(at(10, 0))).toBe(true);
    expect(START_KEY).toBe(`${'0'.repeat(20)}:${'0'.repeat(20)}`);
    expect(() => positionKey({ transactionId: -1n, position: 0n })).toThrow(RangeError);
    expect(() => parsePositionKey('12:34')).toThrow();
  });

  it('guard writes to a document never written or written by an earlier event', () => {
    const key = positionKey(at(7, 42));
    expect(positionGuard('account-1', key)).toEqual({ _id: 'account-1', $or: [{ lastApplied: { $lt: key } }, { lastApplied: { $exists: false } }] });
  });

  it('keep checkpoints as decimal strings plus their sortable key', () => {
    const now = new Date('2026-03-01T10:00:00.000Z');
    const big = { transactionId: 2n ** 63n + 5n, position: 123n };
    const doc = toCheckpointDocument('account-list', 3, big, now);
    expect(doc).toEqual({ _id: 'account-list', version: 3, transactionId: '9223372036854775813', position: '123', key: positionKey(big), updatedAt: now });
    expect(fromCheckpointDocument(doc)).toEqual({ projection: 'account-list', version: 3, checkpoint: big, updatedAt: '2026-03-01T10:00:00.000Z' });
  });
});

interface Named {
  name: string;
  employerId: string;
}
const named: MongoProjectionMapping<Named> = {
  projection: 'named',
  fields: (key, d) => ({ employerId: d.employerId, upper: d.name.toUpperCase(), key }),
  indexes: [{ name: 'employer', key: { employerId: 1, upper: 1 } }],
};

describe('MongoDB documents', () => {
  it('map a document to its stored form (derived fields, whole document, position) and back', () => {
    const stored = toStoredDocument(named, 'k-1', { name: 'Éloïse', employerId: 'e-1' }, positionKey(at(1, 2)));
    expect(stored).toEqual({ _id: 'k-1', employerId: 'e-1', upper: 'ÉLOÏSE', key: 'k-1', doc: { name: 'Éloïse', employerId: 'e-1' }, lastApplied: positionKey(at(1, 2)) });
    expect(fromStoredDocument(stored)).toEqual({ doc: { name: 'Éloïse', employerId: 'e-1' }, lastApplied: positionKey(at(1, 2)) });
    expect(fromStoredDocument({ _id: 'k-2', lastApplied: positionKey(at(3, 4)), deleted: true })).toEqual({ doc: null, lastApplied: positionKey(at(3, 4)) });
    expect(toStoredDocument(defaultMongoMapping('x'), 'k', { a: 1 }, START_KEY)).toEqual({ _id: 'k', doc: { a: 1 }, lastApplied: START_KEY });
  });

  it('refuse derived fields that would overwrite the adapter’s own', () => {
    const bad: MongoProjectionMapping<Named> = { ...named, fields: (_k, d) => ({ doc: d }) };
    expect(() => toStoredDocument(bad, 'k', { name: 'a', employerId: 'e' }, START_KEY)).toThrow(/reserved/);
  });

  it('turn changes into guarded whole-document upserts, and deletions into tombstones', () => {
    const p1 = positionKey(at(5, 1));
    const p2 = positionKey(at(5, 2));
    const changed = new Map<string, Loaded<Named>>([
      ['k-1', { doc: { name: 'a', employerId: 'e' }, lastApplied: p1 }],
      ['k-2', { doc: null, lastApplied: p2 }],
    ]);
    expect(guardedWrites(named, changed)).toEqual([
      { replaceOne: { filter: positionGuard('k-1', p1), replacement: { employerId: 'e', upper: 'A', key: 'k-1', doc: { name: 'a', employerId: 'e' }, lastApplied: p1 }, upsert: true } },
      { replaceOne: { filter: positionGuard('k-2', p2), replacement: { lastApplied: p2, deleted: true }, upsert: true } },
    ]);
    expect(LIVE).toEqual({ deleted: { $ne: true } });
    expect(isAlreadyApplied({ code: 11000 })).toBe(true);
    expect(isAlreadyApplied({ code: 112 })).toBe(false);
  });

  it('fold only the events after each document’s position: replaying a batch applies nothing twice', () => {
    const batch = [event('a-1', 'test.one', at(10, 1)), event('b-1', 'test.one', at(10, 2)), event('a-1', 'test.two', at(11, 3)), event('a-1', 'other.x', at(11, 4))];
    const first = foldFromPositions(countingProjection, new Map(), batch);
    expect(first.get('a-1')).toEqual({ doc: { stream: 'a-1', count: 2, lastType: 'test.two' }, lastApplied: positionKey(at(11, 3)) });
    expect(first.get('b-1')).toEqual({ doc: { stream: 'b-1', count: 1, lastType: 'test.one' }, lastApplied: positionKey(at(10, 2)) });

    // Crash after a-1 was written but before b-1 and the checkpoint: the whole batch is delivered again.
    const afterCrash = new Map([['a-1', first.get('a-1')!]]);
    const replay = foldFromPositions(countingProjection, afterCrash, batch);
    expect([...replay.keys()]).toEqual(['b-1']);
    expect(replay.get('b-1')?.doc).toEqual({ stream: 'b-1', count: 1, lastType: 'test.one' });
    expect(afterCrash.get('a-1')?.doc).toEqual({ stream: 'a-1', count: 2, lastType: 'test.two' });

    // A full replay over everything written changes nothing.
    expect(foldFromPositions(countingProjection, new Map(first), batch).size).toBe(0);
  });

  it('fold a document partly ahead of the batch from where it stands', () => {
    const batch = [event('a-1', 'test.one', at(1, 1)), event('a-1', 'test.two', at(1, 2)), event('a-1', 'test.three', at(1, 3))];
    const docs = new Map<string, Loaded<unknown>>([['a-1', { doc: { stream: 'a-1', count: 2, lastType: 'test.two' }, lastApplied: positionKey(at(1, 2)) }]]);
    expect(foldFromPositions(countingProjection, docs, batch).get('a-1')).toEqual({ doc: { stream: 'a-1', count: 3, lastType: 'test.three' }, lastApplied: positionKey(at(1, 3)) });
  });
});

describe('MongoDB read store specifications', () => {
  it('adds the position index to each projection’s and checks the names', () => {
    expect(indexesFor(named)).toEqual([...named.indexes, lastAppliedIndex]);
    expect(() => indexesFor({ ...named, indexes: [named.indexes[0], named.indexes[0]] })).toThrow(/two indexes/);
    expect(() => indexesFor({ ...named, indexes: [{ name: 'none', key: {} }] })).toThrow(/no key/);
    expect(systemIndexes.projection_failures[0].key).toEqual({ projection: 1, key: 1 });
  });

  it('uses transactions on a replica set or through mongos, not on a standalone server', () => {
    expect(supportsTransactions({ isWritablePrimary: true, setName: 'rs0' })).toBe(true);
    expect(supportsTransactions({ isWritablePrimary: true, msg: 'isdbgrid' })).toBe(true);
    expect(supportsTransactions({ isWritablePrimary: true })).toBe(false);
  });

  it('takes the database from the URL path, else "peps"', () => {
    expect(databaseNameOf('mongodb://127.0.0.1:27017')).toBe('peps');
    expect(databaseNameOf('mongodb://127.0.0.1:27017/')).toBe('peps');
    expect(databaseNameOf('mongodb://u:p@a:1,b:2/comptes?replicaSet=rs0')).toBe('comptes');
    expect(databaseNameOf('mongodb+srv://cluster.example.net/read-models?retryWrites=true')).toBe('read-models');
  });

  it('digests documents independently of field order but not of content or order', () => {
    const a = digestOf([{ _id: 'k1', doc: { x: 1, y: [1, 2] } }, { _id: 'k2', doc: { z: null } }]);
    expect(digestOf([{ _id: 'k1', doc: { y: [1, 2], x: 1 } }, { _id: 'k2', doc: { z: null } }])).toBe(a);
    expect(digestOf([{ _id: 'k1', doc: { x: 2, y: [1, 2] } }, { _id: 'k2', doc: { z: null } }])).not.toBe(a);
    expect(digestOf([{ _id: 'k1', doc: { x: 1, y: [2, 1] } }, { _id: 'k2', doc: { z: null } }])).not.toBe(a);
    expect(digestOf([])).toBe(digestOf([]));
  });
});
