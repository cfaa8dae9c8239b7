import type { Checkpoint, EventStore, RecordedEvent } from '../event-store.port.js';
import { START } from '../event-store.port.js';

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

/** Test helper: waits until `condition` holds, polling every 20 ms. */
export async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}
