import { IdempotencyConflictError, WrongExpectedVersionError } from '../errors.js';
import type { ExpectedVersion, RecordedEvent } from '../event-store.port.js';
import { idempotencyOutcome } from './kurrentdb-mapping.js';

/**
 * The KurrentDB adapter's retry rule, without a server (the contract suite runs it on one when KURRENTDB_URL is
 * set): the stream `account-1` holds x at version 1, then a and b (appended after version 1), then y.
 */
const stream: RecordedEvent[] = ['x', 'a', 'b', 'y'].map((id, i) => ({ id, version: i + 1 }) as RecordedEvent);
const newestFirst = [...stream].reverse();
const outcome = (expectedVersion: ExpectedVersion, ids: string[]) => idempotencyOutcome({ stream: 'account-1', expectedVersion }, ids, newestFirst, 4);
const refusal = (expectedVersion: ExpectedVersion, ids: string[]) => {
  try {
    outcome(expectedVersion, ids);
  } catch (error) {
    return error;
  }
  throw new Error('not refused');
};

describe('KurrentDB adapter: is an append a retry of one already recorded?', () => {
  it.each([['any' as const], ['stream-exists' as const], [1]])('the same ids in order under %p (the original expectation): the recorded events', (expected) => {
    expect(outcome(expected, ['a', 'b'])).toEqual({ kind: 'present', events: [stream[1], stream[2]] });
  });

  it.each([['no-stream' as const], [0], [2], [3], [4], [9]])('the same ids under %p: WrongExpectedVersion at the current version', (expected) => {
    const error = refusal(expected, ['a', 'b']);
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).not.toBeInstanceOf(IdempotencyConflictError);
    expect(error).toMatchObject({ stream: 'account-1', expected, actual: 4, message: expect.stringContaining('appended after version 1') });
  });

  it('an append that created its stream is retried under no-stream or 0, not stream-exists', () => {
    expect(outcome('no-stream', ['x'])).toMatchObject({ kind: 'present' });
    expect(outcome(0, ['x', 'a'])).toMatchObject({ kind: 'present' });
    expect(refusal('stream-exists', ['x'])).toBeInstanceOf(WrongExpectedVersionError);
  });

  it.each([
    ['some ids only', ['a', 'new']],
    ['the recorded one last', ['new', 'b']],
    ['another order', ['b', 'a']],
    ['other events in between', ['a', 'y']],
  ])('%s: a conflict that is a WrongExpectedVersion too', (_label, ids) => {
    for (const expected of ['any', 'stream-exists', 'no-stream', 1, 4] as const) {
      const error = refusal(expected, ids);
      expect(error).toBeInstanceOf(IdempotencyConflictError);
      expect(error).toBeInstanceOf(WrongExpectedVersionError);
      expect(error).toMatchObject({ stream: 'account-1', expected, actual: 4 });
    }
  });

  it('ids not in the stream: a new append', () => {
    expect(outcome(4, ['new', 'other'])).toEqual({ kind: 'absent' });
  });
});
