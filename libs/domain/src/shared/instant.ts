// Time arithmetic on ISO-8601 strings from command metadata; the domain never reads a clock.

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

const isoInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Milliseconds since the epoch; a malformed instant is a programming error, not user input. */
export function toEpochMs(instant: string): number {
  const ms = isoInstant.test(instant) ? Date.parse(instant) : Number.NaN;
  if (Number.isNaN(ms)) throw new TypeError(`Invalid ISO-8601 instant: ${instant}`);
  return ms;
}

export function fromEpochMs(ms: number): string {
  return new Date(ms).toISOString();
}

export function addMs(instant: string, ms: number): string {
  return fromEpochMs(toEpochMs(instant) + ms);
}

export function isAtOrAfter(instant: string, reference: string): boolean {
  return toEpochMs(instant) >= toEpochMs(reference);
}

export function latest(a: string, b: string | null): string {
  return b !== null && toEpochMs(b) > toEpochMs(a) ? b : a;
}

/**
 * `months` calendar months after `instant`, in UTC (the result does not depend on the server's time zone); a day
 * the target month lacks (the 31st) becomes its last day.
 */
export function addMonths(instant: string, months: number): string {
  const from = new Date(toEpochMs(instant));
  const monthIndex = from.getUTCMonth() + months;
  const year = from.getUTCFullYear() + Math.floor(monthIndex / 12);
  const month = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromEpochMs(
    Date.UTC(year, month, Math.min(from.getUTCDate(), lastDay), from.getUTCHours(), from.getUTCMinutes(), from.getUTCSeconds(), from.getUTCMilliseconds()),
  );
}
