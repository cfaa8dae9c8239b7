import type { ReadAllOptions, RecordedEvent } from '../event-store.port.js';
import { START } from '../event-store.port.js';
import { SharedLogReads } from './shared-log-reads.js';

const MAX_POSITION = 2n ** 63n - 1n;

function recorded(position: number, stream: string, type = 'test.happened'): RecordedEvent {
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    type,
    schemaVersion: 1,
    data: {},
    metadata: { actor: 'test', correlationId: 'c', occurredAt: '2026-01-01T00:00:00.000Z' },
    stream,
    version: 1,
    position: BigInt(position),
    transactionId: 10n + BigInt(position),
    recordedAt: '2026-01-01T00:00:00.000Z',
    hash: 'h',
  };
}

const LOG = [recorded(1, 'account-1', 'account.created'), recorded(2, 'employer-1', 'employer.registered'), recorded(3, 'account-2', 'account.signed-in')];
const HORIZON = 20n;

/** The SQL read's semantics over LOG (after, category, type, limit), counting its calls. */
function fakeLog(log = LOG) {
  const calls: ReadAllOptions[] = [];
  const below = async (options: ReadAllOptions) => {
    calls.push(options);
    const after = options.after ?? START;
    const events = log
      .filter((e) => e.transactionId > after.transactionId || (e.transactionId === after.transactionId && e.position > after.position))
      .filter((e) => !options.categories?.length || options.categories.includes(e.stream.split('-')[0]!))
      .filter((e) => !options.eventTypes?.length || options.eventTypes.includes(e.type))
      .slice(0, options.limit ?? 1000);
    return { events, horizon: HORIZON };
  };
  return { calls, reads: new SharedLogReads(below) };
}

describe('SharedLogReads: the subscribers of one store reading together', () => {
  it('given three subscribers asking in the same turn from the same checkpoint, when they read, then one read without filter serves each its own filter', async () => {
    const { calls, reads } = fakeLog();
    const [accounts, signIns, all] = await Promise.all([
      reads.read({ after: START, categories: ['account'], limit: 500 }),
      reads.read({ after: START, eventTypes: ['account.signed-in'], limit: 500 }),
      reads.read({ after: START, limit: 500 }),
    ]);
    expect(calls).toEqual([{ after: START, limit: 500 }]);
    expect(accounts.events.map((e) => e.position)).toEqual([1n, 3n]);
    expect(signIns.events.map((e) => e.position)).toEqual([3n]);
    expect(all.events.map((e) => e.position)).toEqual([1n, 2n, 3n]);
    for (const read of [accounts, signIns, all]) {
      expect(read.scannedTo).toEqual({ transactionId: HORIZON - 1n, position: MAX_POSITION });
      expect(read.more).toBe(false);
    }
  });

  it('given subscribers with the same filter, then the shared read keeps that filter (the database filters)', async () => {
    const { calls, reads } = fakeLog();
    await Promise.all([reads.read({ after: START, categories: ['employer'], limit: 100 }), reads.read({ after: START, categories: ['employer'], limit: 300 })]);
    expect(calls).toEqual([{ after: START, categories: ['employer'], eventTypes: undefined, limit: 300 }]);
  });

  it('given subscribers at different checkpoints (one catching up), then each reads on its own', async () => {
    const { calls, reads } = fakeLog();
    const after = { transactionId: 12n, position: 2n };
    const [behind, ahead] = await Promise.all([reads.read({ after: START, limit: 500 }), reads.read({ after, limit: 500 })]);
    expect(calls).toHaveLength(2);
    expect(behind.events).toHaveLength(3);
    expect(ahead.events.map((e) => e.position)).toEqual([3n]);
  });

  it('given a shared read stopped at its limit, then a subscriber whose filter kept nothing moves on to the last event read and is told to read again', async () => {
    const { reads } = fakeLog();
    const [first, employers] = await Promise.all([reads.read({ after: START, limit: 1 }), reads.read({ after: START, categories: ['employer'], limit: 1 })]);
    expect(first.events.map((e) => e.position)).toEqual([1n]);
    expect(employers.events).toEqual([]);
    for (const read of [first, employers]) {
      expect(read.scannedTo).toEqual({ transactionId: 11n, position: 1n });
      expect(read.more).toBe(true);
    }
  });

  it('given a subscriber with a smaller batch than the shared read, then it gets its batch, stops at its last event and reads again', async () => {
    const { reads } = fakeLog();
    const [small] = await Promise.all([reads.read({ after: START, limit: 2 }), reads.read({ after: START, categories: ['account'], limit: 500 })]);
    expect(small.events.map((e) => e.position)).toEqual([1n, 2n]);
    expect(small.scannedTo).toEqual({ transactionId: 12n, position: 2n });
    expect(small.more).toBe(true);
  });

  it('given a read that gathers, when another subscriber asks from the same checkpoint before the gathering time ends, then they share one read', async () => {
    const { calls, reads } = fakeLog();
    const gathered = reads.read({ after: START, limit: 500 }, 40);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const joined = reads.read({ after: START, eventTypes: ['employer.registered'], limit: 500 });
    expect(calls).toHaveLength(0);
    const [a, b] = await Promise.all([gathered, joined]);
    expect(calls).toHaveLength(1);
    expect(a.events).toHaveLength(3);
    expect(b.events.map((e) => e.type)).toEqual(['employer.registered']);
  });

  it('given the database failing, then every subscriber of the shared read gets the error, and the next read is a new one', async () => {
    let fail = true;
    let calls = 0;
    const reads = new SharedLogReads(async () => {
      calls++;
      if (fail) throw new Error('connection lost');
      return { events: LOG, horizon: HORIZON };
    });
    const answers = await Promise.allSettled([reads.read({ after: START, limit: 10 }), reads.read({ after: START, categories: ['account'], limit: 10 })]);
    expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect((await reads.read({ after: START, limit: 10 })).events).toHaveLength(3);
    expect(calls).toBe(2);
  });
});
