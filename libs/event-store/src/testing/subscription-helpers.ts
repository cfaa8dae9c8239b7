import type { Checkpoint, EventStore, RecordedEvent } from '../event-store.port.js';
import { compareCheckpoints, START } from '../event-store.port.js';

/** Test helper: a subscription that keeps what it receives and the last checkpoint it was given. */
export function collectEvents(store: EventStore, after?: Checkpoint) {
  const received: RecordedEvent[] = [];
  let lastCheckpoint: Checkpoint = after ?? START;
  const subscription = store.subscribe({
    after,
    batchSize: 700,
    onEvents: async (events, checkpoint) => {
      received.push(...events);
      lastCheckpoint = checkpoint;
    },
  });
  return { received, subscription, checkpoint: () => lastCheckpoint };
}

/** Test helper: waits until `condition` holds (it may ask a database), asking every `intervalMs`. */
export async function until(condition: () => boolean | Promise<boolean>, timeoutMs = 60_000, intervalMs = 20): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out: condition not reached within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Test helper: readAll once everything already committed is visible. Readers see only below the horizon (the
 * oldest running transaction of this database), so right after an append a read may miss it while a transaction
 * begun earlier, another writer of the test's, is still open.
 */
export async function readAllCommitted(
  store: EventStore,
  options: Parameters<EventStore['readAll']>[0] = {},
  timeoutMs = 30_000,
): Promise<RecordedEvent[]> {
  if (store.committedHead) {
    const target = await store.committedHead();
    const deadline = Date.now() + timeoutMs;
    while (compareCheckpoints(await store.head(), target) < 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  return store.readAll(options);
}
