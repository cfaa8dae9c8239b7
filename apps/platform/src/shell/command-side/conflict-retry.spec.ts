import { WrongExpectedVersionError } from '@peps/event-store';
import { CONFLICT_RETRY_ATTEMPTS, ConflictRetriesExhaustedError, retryOnConflict } from './conflict-retry.js';

/** An attempt that meets `conflicts` conflicts on `employer-1` (at version 3, expected 2), then answers `done`. */
function attemptConflicting(conflicts: number) {
  const calls = { count: 0 };
  const attempt = async () => {
    calls.count += 1;
    if (calls.count <= conflicts) throw new WrongExpectedVersionError('employer-1', 2, 3);
    return 'done';
  };
  return { attempt, calls };
}

describe('retryOnConflict: deciding again when another writer got there first', () => {
  it('given a conflict then success, when retried, then it answers the second attempt', async () => {
    const { attempt, calls } = attemptConflicting(1);
    await expect(retryOnConflict(attempt)).resolves.toBe('done');
    expect(calls.count).toBe(2);
  });

  it(`given conflicts on every attempt, when retried, then it gives up after ${CONFLICT_RETRY_ATTEMPTS} attempts with a named conflict`, async () => {
    const { attempt, calls } = attemptConflicting(Infinity);
    const error = await retryOnConflict(attempt).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConflictRetriesExhaustedError);
    // Still a WrongExpectedVersionError: the HTTP answer stays a 409 with the stream's actual version.
    expect(error).toBeInstanceOf(WrongExpectedVersionError);
    expect(error).toMatchObject({ attempts: CONFLICT_RETRY_ATTEMPTS, stream: 'employer-1', expected: 2, actual: 3 });
    expect(calls.count).toBe(CONFLICT_RETRY_ATTEMPTS);
  });

  it('given as many conflicts as attempts less one, when retried, then the last attempt succeeds', async () => {
    const { attempt, calls } = attemptConflicting(CONFLICT_RETRY_ATTEMPTS - 1);
    await expect(retryOnConflict(attempt)).resolves.toBe('done');
    expect(calls.count).toBe(CONFLICT_RETRY_ATTEMPTS);
  });

  it('given any other failure, when attempted, then it stops at once', async () => {
    let calls = 0;
    const refused = new Error('employer.last-administrator');
    await expect(
      retryOnConflict(async () => {
        calls += 1;
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
  });
});
