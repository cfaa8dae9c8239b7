import type { Checkpoint, SqlEventStore } from '@peps/event-store';

/** A log benchmark's baseline: every event read once through the store, in pages of `pageSize`. */
export async function fullRead(store: SqlEventStore, pageSize: number): Promise<number> {
  let read = 0;
  let after: Checkpoint | undefined;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    if (!page.length) return read;
    read += page.length;
    const last = page[page.length - 1]!;
    after = { transactionId: last.transactionId, position: last.position };
  }
}

export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
export const duration = (seconds: number) => (seconds >= 120 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(1)} s`);

