import { WrongExpectedVersionError } from '@peps/event-store';

/**
 * How many times a command decides and appends before giving up on writers that keep getting there first. The
 * employer stream is the contended one (every administrator created, promoted, deleted or cancelled writes to it):
 * 8 lets a burst of creations by one employer's administrators all land (accounts.int.spec: 200 at once).
 */
export const CONFLICT_RETRY_ATTEMPTS = 8;

/** Still a conflict (409 with the stream's actual version), after every attempt of `retryOnConflict`. */
export class ConflictRetriesExhaustedError extends WrongExpectedVersionError {
  override readonly name = 'ConflictRetriesExhaustedError';
  constructor(
    readonly attempts: number,
    readonly last: WrongExpectedVersionError,
  ) {
    super(last.stream, last.expected, last.actual, `still conflicting after ${attempts} attempts`);
  }
}

/**
 * Runs `attempt` again while it fails on a conflict (another writer appended to one of its streams since it read
 * them), after a short random pause so that the writers spread out. `attempt` must read again and decide again:
 * only use it where a fresh decision on fresh state is what the caller asked for. Other errors stop at once.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts: number = CONFLICT_RETRY_ATTEMPTS): Promise<T> {
  for (let tried = 1; ; tried += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError)) throw error;
      if (tried >= attempts) throw new ConflictRetriesExhaustedError(tried, error);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * tried));
    }
  }
}
