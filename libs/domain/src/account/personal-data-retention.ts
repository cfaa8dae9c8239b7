import { addMonths } from '../shared/instant.js';

/** CONTRACT.md "Personal data": PEPS_RETENTION_CLOSED_MONTHS and PEPS_RETENTION_SIGN_IN_MONTHS, 12 by default. */
export const DEFAULT_RETENTION_MONTHS = 12;

/** The reason an automatic erasure records (the history shows it). */
export const RETENTION_ERASURE_REASON = 'Durée de conservation écoulée depuis la clôture du compte';

/** A deleted or closed account's personal data are erased `closedMonths` calendar months after its closing. */
export function personalDataErasureDueAt(closedAt: string, closedMonths: number): string {
  return addMonths(closedAt, closedMonths);
}
