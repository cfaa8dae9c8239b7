import type { Checkpoint, ReadAllOptions, RecordedEvent } from '../event-store.port.js';
import { categoryOf, START } from '../event-store.port.js';

const MAX_POSITION = 2n ** 63n - 1n;

/** What a subscriber's read found: its events, how far the log was looked at, and whether more may follow at once. */
export interface SubscriberRead {
  events: RecordedEvent[];
  /** Every event of the subscriber's filter up to here was delivered (or is in `events`): the next read starts here. */
  scannedTo: Checkpoint;
  /** The read stopped at a limit: read again without waiting. */
  more: boolean;
  /** The horizon the read was made below (see SqlEventStore.readAllBelowHorizon). */
  horizon: bigint;
}

type BelowHorizon = (options: ReadAllOptions) => Promise<{ events: RecordedEvent[]; horizon: bigint }>;

interface Request {
  options: ReadAllOptions & { limit: number };
  resolve: (read: SubscriberRead) => void;
  reject: (error: unknown) => void;
}

/**
 * The subscribers of one store are woken by the same commits and read the same slice of the log. A read asked with
 * a gathering time waits that long for the commits that follow and for the other subscribers' reads from the same
 * checkpoint; the reads so gathered become one statement, filtered here per subscriber: one read and, above, one
 * opening of the personal data instead of one per projection and process manager (nine per sign-in before,
 * bench/e2e). Reading together keeps subscribers on the same checkpoint (the horizon of their shared read), so they
 * keep meeting. Reads from other checkpoints (a rebuilding projection catching up) go on their own.
 */
export class SharedLogReads {
  private readonly gathering = new Map<string, Request[]>();

  constructor(private readonly below: BelowHorizon) {}

  /** `gatherMs`: how long the read may wait for others (0: in this turn of the event loop). */
  read(options: ReadAllOptions & { limit: number }, gatherMs = 0): Promise<SubscriberRead> {
    const after = options.after ?? START;
    const key = `${after.transactionId}:${after.position}`;
    return new Promise((resolve, reject) => {
      const waiting = this.gathering.get(key);
      if (waiting) {
        waiting.push({ options, resolve, reject });
        return;
      }
      this.gathering.set(key, [{ options, resolve, reject }]);
      const start = () => {
        const requests = this.gathering.get(key)!;
        this.gathering.delete(key);
        void this.readFor(after, requests);
      };
      if (gatherMs > 0) setTimeout(start, gatherMs);
      else setImmediate(start);
    });
  }

  private async readFor(after: Checkpoint, requests: Request[]): Promise<void> {
    const shared = requests.length === 1 ? requests[0].options : mergedOptions(after, requests);
    try {
      const { events, horizon } = await this.below(shared);
      const stoppedAtLimit = events.length >= shared.limit;
      for (const request of requests) request.resolve(sliceFor(request.options, events, horizon, stoppedAtLimit, request.options === shared));
    } catch (error) {
      for (const request of requests) request.reject(error);
    }
  }
}

/** One read for all: the largest limit, and a filter only when every subscriber asked for the same one. */
function mergedOptions(after: Checkpoint, requests: Request[]): ReadAllOptions & { limit: number } {
  const first = requests[0].options;
  const same = requests.every((r) => sameList(r.options.categories, first.categories) && sameList(r.options.eventTypes, first.eventTypes));
  return {
    after,
    limit: Math.max(...requests.map((r) => r.options.limit)),
    ...(same ? { categories: first.categories, eventTypes: first.eventTypes } : {}),
  };
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (!a?.length || !b?.length) return !a?.length && !b?.length;
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** The subscriber's share of a read: the events its filter keeps, at most its limit, and how far it may move on. */
function sliceFor(options: ReadAllOptions & { limit: number }, events: RecordedEvent[], horizon: bigint, stoppedAtLimit: boolean, exact: boolean): SubscriberRead {
  const covered = { transactionId: horizon - 1n, position: MAX_POSITION };
  const kept = exact ? events : events.filter(matching(options));
  if (kept.length > options.limit) {
    const delivered = kept.slice(0, options.limit);
    return { events: delivered, scannedTo: checkpointOf(delivered[delivered.length - 1]), more: true, horizon };
  }
  if (stoppedAtLimit) return { events: kept, scannedTo: checkpointOf(events[events.length - 1]), more: true, horizon };
  return { events: kept, scannedTo: covered, more: false, horizon };
}

/** The SQL read's filter (stream category, event type), in memory. */
function matching(options: ReadAllOptions): (event: RecordedEvent) => boolean {
  const categories = options.categories?.length ? new Set(options.categories) : null;
  const types = options.eventTypes?.length ? new Set(options.eventTypes) : null;
  return (event) => (!categories || categories.has(categoryOf(event.stream))) && (!types || types.has(event.type));
}

function checkpointOf(event: RecordedEvent): Checkpoint {
  return { transactionId: event.transactionId, position: event.position };
}
