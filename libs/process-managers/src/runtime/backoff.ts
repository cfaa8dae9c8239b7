export interface BackoffPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  maxMs: number;
  /** Attempts before the effect is marked failed (it stays visible and can be retried by the DRS). */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 5_000, maxMs: 60 * 60_000, maxAttempts: 12 };

/** Exponential: base, 2×base, 4×base… capped; null once the attempts are used up. */
export function nextAttemptDelay(policy: BackoffPolicy, attempt: number): number | null {
  if (attempt >= policy.maxAttempts) return null;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
}
