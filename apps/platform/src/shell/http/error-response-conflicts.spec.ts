import { IdempotencyConflictError, InvalidReadArgumentError, WrongExpectedVersionError } from '@peps/event-store';
import { toErrorBody } from './error-response.filter.js';

describe('toErrorBody: event store conflicts', () => {
  it('a stream that moved is a 409 with its actual version', () => {
    expect(toErrorBody(new WrongExpectedVersionError('account-1', 2, 3))).toEqual({
      statusCode: 409,
      code: 'concurrency.version-conflict',
      message: 'Ce compte a été modifié par quelqu’un d’autre entre-temps. Rechargez-le pour voir ses nouvelles valeurs.',
      actualVersion: 3,
    });
  });

  // IdempotencyConflictError is a WrongExpectedVersionError (writers that reload on a conflict do so here too); its
  // answer stays its own.
  it('a repeat that does not match its original request keeps its own 409', () => {
    const error = new IdempotencyConflictError('account-1', 'any', 3, '6f1c1d0e-0000-4000-8000-000000000001');
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(toErrorBody(error)).toEqual({ statusCode: 409, code: 'concurrency.duplicate-request', message: 'Cette demande a déjà été traitée différemment.' });
  });

  // No API hands user input to the store's read arguments (instants are validated by the DTOs, ids by ParseUUIDPipe):
  // a bad one is the code's fault.
  it('a bad read argument is not a client error', () => {
    expect(toErrorBody(new InvalidReadArgumentError('limit', 'Invalid limit 0')).statusCode).toBe(500);
  });
});
