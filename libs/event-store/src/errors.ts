import type { ExpectedVersion } from './event-store.port.js';

/** The stream is not where the writer expected it: reload and decide again (or report a conflict). */
export class WrongExpectedVersionError extends Error {
  override readonly name = 'WrongExpectedVersionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
  ) {
    super(`Stream ${stream} is at version ${actual}, expected ${String(expected)}`);
  }
}

/** The append itself is malformed (stream name, size, data that is not JSON): nothing was written. */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
  constructor(message: string) {
    super(message);
  }
}

/** Some, but not all, of the event ids of an append already exist: a retry that does not match the original. */
export class IdempotencyConflictError extends Error {
  override readonly name = 'IdempotencyConflictError';
  constructor(readonly eventId: string) {
    super(`Event ${eventId} already exists in a different append`);
  }
}
