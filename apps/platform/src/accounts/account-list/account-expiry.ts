import { expiryNoticeCutoff } from '@peps/domain';

/**
 * « Comptes arrivant à expiration »: the list's `inactiveSince` bound (last activity strictly before it), the
 * domain's rule: accounts whose inactivity warning is due, 18 months without activity or about to be.
 */
export function inactivityCutoff(now: Date): string {
  return expiryNoticeCutoff(now.toISOString());
}
