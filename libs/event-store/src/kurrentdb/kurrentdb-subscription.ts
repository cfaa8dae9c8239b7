import type { AllStreamResolvedEvent, AllStreamSubscription, KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { Checkpoint, RecordedEvent, SubscribeOptions, Subscription } from '../event-store.port.js';
import { START } from '../event-store.port.js';
import { allFilter, checkpointOf, isAfter, toReadPosition, toRecordedEvent, type ClientRecordedEvent } from './kurrentdb-mapping.js';

const MAX_BACKOFF_MS = 30_000;

/**
 * Catch-up then live on `subscribeToAll` from the checkpoint (exclusive), with the server-side filter of
 * `allFilter`. Events are buffered as they arrive and handed over in batches of up to `batchSize`; the server
 * stream is paused while the buffer is full, so a slow handler applies back-pressure. A failing handler is
 * retried on the same batch with exponential backoff (nothing skipped); a failing subscription is dropped and
 * reopened from the last checkpoint the handler accepted.
 */
export class KurrentDbSubscription implements Subscription {
  private stopped = false;
  private current: AllStreamSubscription | null = null;
  private buffer: RecordedEvent[] = [];
  private failure: unknown = null;
  private wake: (() => void) | null = null;
  private readonly done: Promise<void>;

  private constructor(
    private readonly client: KurrentDBClient,
    private readonly namespace: string,
    private readonly options: SubscribeOptions,
  ) {
    this.done = this.run();
  }

  static start(client: KurrentDBClient, namespace: string, options: SubscribeOptions): KurrentDbSubscription {
    return new KurrentDbSubscription(client, namespace, options);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.poke();
    await this.done;
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private open(after: Checkpoint): void {
    const filter = allFilter(this.namespace, this.options);
    const batchSize = this.options.batchSize ?? 500;
    this.buffer = [];
    this.failure = null;
    let last = after;
    const subscription = this.client.subscribeToAll({ fromPosition: toReadPosition(after), filter: filter.server });
    subscription.on('data', (resolved: AllStreamResolvedEvent) => {
      const event = toRecordedEvent(this.namespace, resolved.event as ClientRecordedEvent | undefined);
      if (!event || !isAfter(event, last) || !filter.matches(event)) return;
      last = checkpointOf(event);
      this.buffer.push(event);
      if (this.buffer.length >= batchSize) subscription.pause();
      this.poke();
    });
    subscription.on('error', (error: Error) => {
      this.failure = error;
      this.poke();
    });
    subscription.on('end', () => {
      if (!this.stopped) this.failure ??= new Error('KurrentDB subscription ended');
      this.poke();
    });
    this.current = subscription;
  }

  private async close(): Promise<void> {
    const subscription = this.current;
    this.current = null;
    if (subscription) await subscription.unsubscribe().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let checkpoint: Checkpoint = this.options.after ?? START;
    let attempt = 0;
    const batchSize = this.options.batchSize ?? 500;
    while (!this.stopped) {
      try {
        if (!this.current) this.open(checkpoint);
        if (this.buffer.length === 0) {
          if (this.failure) throw this.failure;
          await this.sleep(1_000);
          continue;
        }
        const batch = this.buffer.slice(0, batchSize);
        const next = checkpointOf(batch[batch.length - 1]);
        await this.options.onEvents(batch, next);
        this.buffer.splice(0, batch.length);
        checkpoint = next;
        attempt = 0;
        if (this.buffer.length < batchSize && this.current?.isPaused()) this.current.resume();
      } catch (error) {
        attempt++;
        this.options.onError?.(error, attempt);
        if (this.failure) {
          // The server stream failed: reopen from what the handler accepted.
          await this.close();
        }
        await this.sleep(Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(attempt, 10)));
      }
    }
    await this.close();
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
        resolve();
      };
    });
  }
}
