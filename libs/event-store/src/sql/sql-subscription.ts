import type { SqlDatabase } from '../../../sql/src/index.js';
import type { Checkpoint, EventStore, SubscribeOptions, Subscription } from '../event-store.port.js';
import { START } from '../event-store.port.js';
import { EVENTS_CHANNEL, type CommitNotifier } from './commit-notifier.js';

const MAX_BACKOFF_MS = 30_000;

/**
 * Catch-up then live: read batches after the checkpoint until none is left, then sleep until a NOTIFY or the
 * poll interval. A NOTIFY may arrive while an older transaction still runs (its events are not readable yet),
 * so an empty read after a wake-up is retried a few times quickly. Errors back off exponentially.
 */
export class SqlSubscription implements Subscription {
  private stopped = false;
  private wake: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;
  private readonly done: Promise<void>;

  private notified = false;
  private readonly stopLocal: () => void;

  private constructor(
    private readonly store: EventStore,
    private readonly db: SqlDatabase,
    notifier: CommitNotifier,
    private readonly options: SubscribeOptions & { pollIntervalMs: number },
  ) {
    this.stopLocal = notifier.onCommit(() => this.poke());
    this.done = this.run();
  }

  static start(
    store: EventStore,
    db: SqlDatabase,
    notifier: CommitNotifier,
    options: SubscribeOptions & { pollIntervalMs: number },
  ): SqlSubscription {
    return new SqlSubscription(store, db, notifier, options);
  }

  private poke(): void {
    this.notified = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopLocal();
    this.wake?.();
    await this.done;
  }

  private async run(): Promise<void> {
    let checkpoint: Checkpoint = this.options.after ?? START;
    let attempt = 0;
    let quickRetries = 0;
    while (!this.stopped) {
      try {
        if (!this.unlisten) {
          this.unlisten = await this.db.listen(EVENTS_CHANNEL, () => this.poke());
        }
        const events = await this.store.readAll({
          after: checkpoint,
          categories: this.options.categories,
          eventTypes: this.options.eventTypes,
          limit: this.options.batchSize ?? 500,
        });
        if (events.length > 0) {
          const last = events[events.length - 1];
          const next = { transactionId: last.transactionId, position: last.position };
          await this.options.onEvents(events, next);
          checkpoint = next;
          attempt = 0;
          quickRetries = 0;
          continue;
        }
        if (this.notified && quickRetries < 6) {
          // Woken, but an older transaction still hides the new events: look again soon.
          quickRetries++;
          await this.sleep(5 * 2 ** quickRetries);
          continue;
        }
        attempt = 0;
        this.notified = false;
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

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}
