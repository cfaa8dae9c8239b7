import type { Checkpoint, EventStore } from '../event-store.port.js';

/** Events after `from` (of these types), counted up to `cap` where the store can count, else read. */
export async function countLag(store: EventStore, from: Checkpoint, cap: number, eventTypes?: readonly string[]): Promise<number> {
  if (store.countAfter) return store.countAfter(from, cap, eventTypes);
  return (await store.readAll({ after: from, eventTypes, limit: cap })).length;
}
