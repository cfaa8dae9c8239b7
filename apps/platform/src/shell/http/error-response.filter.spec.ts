import { DomainError } from '@peps/domain';
import { isStorageUnavailable, STORAGE_UNAVAILABLE_MESSAGE, toErrorBody } from './error-response.filter.js';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('toErrorBody: an unreachable database', () => {
  it.each([
    ['admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    ['server starting up', withCode('the database system is starting up', '57P03')],
    ['connection failure class', withCode('connection failure', '08006')],
    ['refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['pg without code', new Error('Connection terminated unexpectedly')],
    ['pool timeout', new Error('timeout exceeded when trying to connect')],
    ['refused on every address', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], '')],
    ['wrapped', new Error('could not load the stream', { cause: withCode('terminating connection due to administrator command', '57P01') })],
  ])('answers 503 with a French message for %s', (_, error) => {
    expect(isStorageUnavailable(error)).toBe(true);
    expect(toErrorBody(error)).toEqual({ statusCode: 503, code: 'storage.unavailable', message: STORAGE_UNAVAILABLE_MESSAGE });
  });

  it('keeps other failures as they were', () => {
    expect(toErrorBody(withCode('duplicate key value violates unique constraint', '23505')).statusCode).toBe(500);
    expect(toErrorBody(withCode('syntax error', '42601')).statusCode).toBe(500);
    expect(toErrorBody(new Error('boom')).statusCode).toBe(500);
    expect(toErrorBody(new DomainError('account.not-found')).statusCode).toBe(404);
    expect(isStorageUnavailable(null)).toBe(false);
    expect(isStorageUnavailable('ECONNREFUSED')).toBe(false);
  });
});
