import { createHash } from 'node:crypto';

/**
 * The purpose of the keys sealing connection data — requests' source addresses, browsers' names — kept for the
 * sign-in retention period (PEPS_RETENTION_SIGN_IN_MONTHS).
 */
export const SOURCE_ADDRESS_PURPOSE = 'source-address';

/**
 * The key sealing the source addresses of one author's requests in one month: its id is derived from both (every
 * writer finds the same key without a lookup table), its period lets retention destroy a month at a time, and its
 * owner lets the author's erasure destroy them all. Requests without a known author share one key per month.
 */
export function connectionKeyOf(ownerId: string | null, occurredAt: string): { subjectId: string; period: string } {
  const period = occurredAt.slice(0, 7);
  if (!/^\d{4}-\d{2}$/.test(period)) throw new Error(`not an ISO-8601 instant: ${occurredAt}`);
  const name = `peps-connection/${ownerId ?? 'anonymous'}/${period}`;
  let subjectId = derived.get(name);
  if (subjectId === undefined) {
    const hex = createHash('sha256').update(name).digest('hex');
    subjectId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
    // Every request of a signed-in person asks for it again: a bounded memory of the ids derived.
    if (derived.size >= 10_000) derived.clear();
    derived.set(name, subjectId);
  }
  return { subjectId, period };
}
const derived = new Map<string, string>();

/** The first period retention keeps, `months` before `now` (UTC months). */
export function firstKeptPeriod(now: Date, months: number): string {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1));
  return first.toISOString().slice(0, 7);
}
