import { addMs, DAY_MS, isAtOrAfter } from '../shared/instant.js';

/** The guide: administrators need 8 days (8 × 24 h, to the millisecond) before validating terms of use. */
export const TERMS_OF_USE_DELAY_MS = 8 * DAY_MS;

export function termsOfUseAllowedFrom(administratorSince: string): string {
  return addMs(administratorSince, TERMS_OF_USE_DELAY_MS);
}

export function mayAcceptTermsOfUse(administratorSince: string, now: string): boolean {
  return isAtOrAfter(now, termsOfUseAllowedFrom(administratorSince));
}
