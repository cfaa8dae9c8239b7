import { addMs, isAtOrAfter } from '../shared/instant.js';
import { STEP_UP_WINDOW_MINUTES } from './second-factor-policy.js';

const STEP_UP_WINDOW_MS = STEP_UP_WINDOW_MINUTES * 60 * 1000;

/** A sensitive change may go ahead without asking for a second factor again if one was verified this recently. */
export function stepUpSatisfied(lastVerifiedAt: string | null, now: string): boolean {
  return lastVerifiedAt !== null && !isAtOrAfter(now, addMs(lastVerifiedAt, STEP_UP_WINDOW_MS));
}
