import type { ExpectedVersion } from './event-store.port.js';

/**
 * The stream is not where the writer expected it: reload and decide again (or report a conflict). Also the answer
 * to a retry whose event ids are all recorded, but after a version its expected version does not accept (as
 * EventStoreDB answers it): the writer's decision was taken on a stream that has moved.
 */
export class WrongExpectedVersionError extends Error {
  override readonly name: string = 'WrongExpectedVersionError';
  constructor(
    readonly stream: string,
    readonly expected: ExpectedVersion,
    readonly actual: number,
    reason?: string,
  ) {
    super(`Stream ${stream} is at version ${actual}, expected ${String(expected)}${reason ? `: ${reason}` : ''}`);
  }
}

/**
 * A retry that does not match its original append: only some of its event ids are recorded, or they are recorded
 * on another stream, in another order or among other events. A WrongExpectedVersionError, so writers that reload
 * and decide again on a conflict do so here too; `eventId` names one of the recorded ids.
 */
export class IdempotencyConflictError extends WrongExpectedVersionError {
  override readonly name = 'IdempotencyConflictError';
  constructor(
    stream: string,
    expected: ExpectedVersion,
    actual: number,
    readonly eventId: string,
    reason = 'only some of its event ids are already recorded',
  ) {
    super(stream, expected, actual, reason);
  }
}

/** The append itself is malformed (stream name, size, data that is not JSON): nothing was written. */
export class InvalidAppendError extends Error {
  override readonly name = 'InvalidAppendError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * A read's arguments are out of the port's range (a limit below 1, a version or checkpoint that is negative, not an
 * integer or too large, an invalid instant): refused before the store is asked anything.
 */
export class InvalidReadArgumentError extends Error {
  override readonly name = 'InvalidReadArgumentError';
  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
  }
}
