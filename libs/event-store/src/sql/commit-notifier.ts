import { setTimeout as sleep } from 'node:timers/promises';
import type { SqlDatabase } from '@peps/sql';

export const EVENTS_CHANNEL = 'es_events';

/**
 * Quiet time after each NOTIFY. A NOTIFY is a transaction of its own (an xid, a commit record, the notification
 * queue's lock): sent back to back under load it cost about a tenth of the append rate (bench/append). Other
 * processes are woken at most this much later; the first commit of a burst is announced at once.
 */
export const NOTIFY_INTERVAL_MS = 5;

/**
 * Wakes subscribers after appends commit, telling them the newest committed transaction id. Subscribers in this
 * process are called directly; other processes get one NOTIFY per burst (at most one in flight and one per
 * interval, its payload the burst's newest transaction id), sent outside the append's transaction so commits do
 * not queue on the notification lock. Subscribers also poll, so a lost NOTIFY only delays, never loses, an event.
 */
export class CommitNotifier {
  private readonly local = new Set<(transactionId: bigint) => void>();
  private pending: bigint | null = null;
  private inFlight = false;

  constructor(
    private readonly db: Pick<SqlDatabase, 'query'>,
    private readonly intervalMs = NOTIFY_INTERVAL_MS,
  ) {}

  onCommit(listener: (transactionId: bigint) => void): () => void {
    this.local.add(listener);
    return () => this.local.delete(listener);
  }

  committed(transactionId: bigint): void {
    for (const listener of this.local) listener(transactionId);
    this.pending = this.pending === null || transactionId > this.pending ? transactionId : this.pending;
    if (!this.inFlight) void this.flush();
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    while (this.pending !== null) {
      const newest = this.pending;
      this.pending = null;
      await this.db.query(`select pg_notify('${EVENTS_CHANNEL}', $1)`, [newest.toString()]).catch(() => undefined);
      // Commits during the pause join the next NOTIFY. The timer does not keep a finished process alive.
      if (this.intervalMs > 0) await sleep(this.intervalMs, undefined, { ref: false });
    }
    this.inFlight = false;
  }
}

/** The transaction id a NOTIFY announces; null when the payload says nothing usable (an older writer). */
export function announcedTransaction(payload: string): bigint | null {
  return /^\d{1,20}$/.test(payload) ? BigInt(payload) : null;
}
