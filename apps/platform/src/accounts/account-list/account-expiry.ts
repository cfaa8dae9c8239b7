/** PEP's renewal: an account 18 months without sign-in arrives at expiry. */
export const INACTIVITY_MONTHS = 18;

/** The instant 18 calendar months before `now` (day clamped to the month's end: 31 August → 28/29 February). */
export function inactivityCutoff(now: Date): string {
  const cutoff = new Date(now.getTime());
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - INACTIVITY_MONTHS);
  const lastDay = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(day, lastDay));
  return cutoff.toISOString();
}
