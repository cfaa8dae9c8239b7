import { AsyncLocalStorage } from 'node:async_hooks';
import { compareCheckpoints, type Checkpoint } from '@peps/event-store';

/** The newest position an HTTP request's commands appended at (see WrittenPositionInterceptor). */
export interface RequestWrites {
  newest: Checkpoint | null;
}

const requests = new AsyncLocalStorage<RequestWrites>();

/** Runs `work` as one request: the appends it makes are remembered for its answer. */
export function collectWrittenPosition<T>(work: (writes: Readonly<RequestWrites>) => T): T {
  const writes: RequestWrites = { newest: null };
  return requests.run(writes, () => work(writes));
}

/** Called after every append of a command; outside a request (process managers, CLI) it does nothing. */
export function recordWrittenPosition(checkpoint: Checkpoint): void {
  const writes = requests.getStore();
  if (writes && (!writes.newest || compareCheckpoints(checkpoint, writes.newest) > 0)) writes.newest = checkpoint;
}
