import type { SqlDatabase } from '../../../sql/src/index.js';

export const EVENTS_CHANNEL = 'es_events';

/**
 * Wakes subscribers after appends commit. Subscribers in this process are called directly; other processes get
 * one NOTIFY per burst (at most one in flight), sent outside the append's transaction so commits do not queue on
 * the notification lock. Subscribers also poll, so a lost NOTIFY only delays, never loses, an event.
 */
export class CommitNotifier {
  private readonly local = new Set<() => void>();
  private pending = false;
  private inFlight = false;

  constructor(private readonly db: SqlDatabase) {}

  onCommit(listener: () => void): () => void {
    this.local.add(listener);
    return () => this.local.delete(listener);
  }

  committed(): void {
    for (const listener of this.local) listener();
    this.pending = true;
    if (!this.inFlight) void this.flush();
  }

  private async flush(): Promise<void> {
    this.inFlight = true;
    while (this.pending) {
      this.pending = false;
      await this.db.query(`select pg_notify('${EVENTS_CHANNEL}', '')`).catch(() => undefined);
    }
    this.inFlight = false;
  }
}
