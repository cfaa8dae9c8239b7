import type { SqlDatabase } from '@peps/sql';
import type { Checkpoint, ReadAllOptions, SubscribeOptions, Subscription } from '../event-store.port.js';
import type { SubscriberRead } from './shared-log-reads.js';
import { compareCheckpoints, START } from '../event-store.port.js';
import { announcedTransaction, EVENTS_CHANNEL, type CommitNotifier } from './commit-notifier.js';

const MAX_BACKOFF_MS = 30_000;
/** Stands for a commit announced without its transaction id: above any horizon. */
const UNKNOWN_TRANSACTION = 2n ** 64n;

/** What a subscription reads through: SharedLogReads over SqlEventStore.readAllBelowHorizon. */
export interface HorizonReader {
  read(options: ReadAllOptions & { limit: number }, gatherMs?: number): Promise<SubscriberRead>;
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
 * Otherwise it does not re-read after consuming what was announced. A read that follows announced commits (woken
 * from its sleep, or commits announced while a batch was handled) waits SUBSCRIPTION_GATHER_MS for the commits that
 * follow, together with the other subscribers of the store (SharedLogReads). Errors back off exponentially.
 */
export class SqlSubscription implements Subscription {
  private stopped = false;
  private wake: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly done: Promise<void>;

  /** Newest transaction id announced since the last read began (0: none): only one at or above its horizon is news. */
  private pokedSinceRead = 0n;
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
    if (id > this.pokedSinceRead) this.pokedSinceRead = id;
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
    /** The next read follows announced commits: it gathers those that follow, with the store's other subscribers. */
    let gather = false;
    while (!this.stopped) {
      try {
        if (!this.unlisten) {
          this.unlisten = await this.db.listen(EVENTS_CHANNEL, (payload) => this.poke(announcedTransaction(payload)));
        }
        this.pokedSinceRead = 0n;
        const { events, horizon, scannedTo, more } = await this.store.read(
          { after: scanned, categories: this.options.categories, eventTypes: this.options.eventTypes, limit },
          gather ? this.options.gatherMs : 0,
        );
        gather = false;
        if (events.length > 0) {
          const last = events[events.length - 1];
          const next = { transactionId: last.transactionId, position: last.position };
          await this.options.onEvents(events, next);
          scanned = next;
          attempt = 0;
        }
        // Everything of this filter up to scannedTo was read: with a filter that matches rarely, the next read starts
        // there instead of scanning again the non-matching events after the last match.
        if (compareCheckpoints(scannedTo, scanned) > 0) scanned = scannedTo;
        // Only a commit announced at or above the read's horizon is news: one below it was in the read (the NOTIFY
        // echoing this process's own appends, mostly).
        const committedSince = this.pokedSinceRead >= horizon;
        if (more || committedSince) {
          // More to read, or more committed while this batch was read and handled.
          gather = !more;
          quickRetries = 0;
          continue;
        }
        if (this.announced >= horizon && quickRetries < 6) {
          // An announced commit was not below this read's horizon: an older transaction still hides it.
          quickRetries++;
          gather = await this.wait(5 * 2 ** quickRetries, true);
          continue;
        }
        if (this.announced === UNKNOWN_TRANSACTION) this.announced = 0n;
        attempt = 0;
        quickRetries = 0;
        gather = await this.wait(this.options.pollIntervalMs, true);
      } catch (error) {
        attempt++;
        this.options.onError?.(error, attempt);
        if (this.unlisten) {
          await this.unlisten().catch(() => undefined);
          this.unlisten = null;
        }
        await this.wait(Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(attempt, 10)), false);
      }
    }
    if (this.unlisten) await this.unlisten().catch(() => undefined);
  }

  /** Resolves true when woken early: by a commit if `byCommits`, always by stop(). */
  private wait(ms: number, byCommits: boolean): Promise<boolean> {
    if (this.stopped) return Promise.resolve(true);
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
