import type { SqlDatabase } from '@peps/sql';
import type { Checkpoint, ReadAllOptions, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port.js';
import { compareCheckpoints, START } from '../event-store.port.js';
import { announcedTransaction, EVENTS_CHANNEL, type CommitNotifier } from './commit-notifier.js';

const MAX_BACKOFF_MS = 30_000;
/** Stands for a commit announced without its transaction id: above any horizon. */
const UNKNOWN_TRANSACTION = 2n ** 64n;
const MAX_POSITION = 2n ** 63n - 1n;

/** What a subscription reads through (SqlEventStore): the log below the horizon, with that horizon. */
export interface HorizonReader {
  readAllBelowHorizon(options: ReadAllOptions): Promise<{ events: RecordedEvent[]; horizon: bigint }>;
}
/**
 * A subscriber asleep when a commit is announced reads this much later, so commits that come together are read,
 * handled and checkpointed as one batch: each read and each projection transaction is a round trip, and under a
 * load of creations a subscriber otherwise did one of each per creation (bench/e2e, counted). Costs this much
 * latency when the platform is quiet.
 */
export const SUBSCRIPTION_GATHER_MS = 10;

/**
 * Catch-up then live: read batches after the checkpoint until none is left, then sleep until a commit is announced
 * (in-process call or NOTIFY, carrying its transaction id) or the poll interval passes. Reads only see below the
 * horizon (the oldest running transaction): when an announced commit is not below the horizon of the read that
 * followed it, an older transaction still hides its events, so the subscriber looks again a few times quickly.
 * Otherwise it does not re-read after consuming what was announced. Woken from its sleep, it waits a moment for
 * the commits that follow (SUBSCRIPTION_GATHER_MS). Errors back off exponentially.
 */
export class SqlSubscription implements Subscription {
  private stopped = false;
  private wake: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly done: Promise<void>;

  /** A commit was announced since the last read began. */
  private poked = false;
  /** Newest announced transaction id; MAX when a NOTIFY said nothing usable (then every read is suspect). */
  private announced = 0n;
  private readonly stopLocal: () => void;

  private constructor(
    private readonly store: HorizonReader,
    private readonly db: SqlDatabase,
    notifier: CommitNotifier,
    private readonly options: SubscribeOptions & { pollIntervalMs: number; gatherMs: number },
  ) {
    this.stopLocal = notifier.onCommit((transactionId) => this.poke(transactionId));
    this.done = this.run();
  }

  static start(
    store: HorizonReader,
    db: SqlDatabase,
    notifier: CommitNotifier,
    options: SubscribeOptions & { pollIntervalMs: number; gatherMs: number },
  ): SqlSubscription {
    return new SqlSubscription(store, db, notifier, options);
  }

  private poke(transactionId: bigint | null): void {
    const id = transactionId ?? UNKNOWN_TRANSACTION;
    if (id > this.announced) this.announced = id;
    this.poked = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopLocal();
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    /** Where the next read starts: the last event delivered, or past the horizon of a read that found no more. */
    let scanned: Checkpoint = this.options.after ?? START;
    const limit = this.options.batchSize ?? 500;
    let attempt = 0;
    let quickRetries = 0;
    while (!this.stopped) {
      try {
        if (!this.unlisten) {
          this.unlisten = await this.db.listen(EVENTS_CHANNEL, (payload) => this.poke(announcedTransaction(payload)));
        }
        this.poked = false;
        const { events, horizon } = await this.store.readAllBelowHorizon({
          after: scanned,
          categories: this.options.categories,
          eventTypes: this.options.eventTypes,
          limit,
        });
        if (events.length > 0) {
          const last = events[events.length - 1];
          const next = { transactionId: last.transactionId, position: last.position };
          await this.options.onEvents(events, next);
          scanned = next;
          attempt = 0;
        }
        if (events.length < limit) {
          // Everything below the horizon after `scanned` was read: with a filter that matches rarely, the next read
          // starts there instead of scanning again the non-matching events after the last match.
          const covered = { transactionId: horizon - 1n, position: MAX_POSITION };
          if (compareCheckpoints(covered, scanned) > 0) scanned = covered;
        }
        if (events.length >= limit || this.poked) {
          // More to read, or more committed while this batch was read and handled.
          quickRetries = 0;
          continue;
        }
        if (this.announced >= horizon && quickRetries < 6) {
          // An announced commit was not below this read's horizon: an older transaction still hides it.
          quickRetries++;
          await this.sleep(5 * 2 ** quickRetries);
          continue;
        }
        if (this.announced === UNKNOWN_TRANSACTION) this.announced = 0n;
        attempt = 0;
        quickRetries = 0;
        await this.sleep(this.options.pollIntervalMs);
      } catch (error) {
        attempt++;
        this.options.onError?.(error, attempt);
        if (this.unlisten) {
          await this.unlisten().catch(() => undefined);
          this.unlisten = null;
        }
        await this.sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(attempt, 10)));
      }
    }
    if (this.unlisten) await this.unlisten().catch(() => undefined);
  }

  /** Sleeps until `ms` pass or a commit is announced; announced, waits `gatherMs` more for the commits that follow. */
  private async sleep(ms: number): Promise<void> {
    if (this.stopped) return;
    const woken = await this.wait(ms, true);
    if (woken && !this.stopped && this.options.gatherMs > 0) await this.wait(this.options.gatherMs, false);
  }

  /** Resolves true when woken early: by a commit if `byCommits`, always by stop(). */
  private wait(ms: number, byCommits: boolean): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve(false);
      }, ms);
      this.wake = () => {
        if (!byCommits && !this.stopped) return;
        clearTimeout(timer);
        this.wake = null;
        resolve(true);
      };
    });
  }
}
