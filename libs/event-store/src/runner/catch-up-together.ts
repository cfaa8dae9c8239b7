import { compareCheckpoints, type Checkpoint, type RecordedEvent } from '../event-store.port.js';
import { checkpointOf, type CheckpointedRunner } from './checkpointed-runner.js';

/**
 * Catches several runners up on one read of the log (CLI, bench): each batch is read once and handed to every
 * runner, which applies it with its own target, checkpoint, fencing and failure handling. The runners go at their
 * own pace, the fastest at most `ahead` batches in front of the slowest, while the reader fetches the next batches.
 * Runners behind the others catch up first (the ones ahead skip what they already applied). Resolves with the
 * events read; after a failure the others stop at their next batch, and it rejects with the first error.
 */
export async function catchUpTogether(
  runners: readonly CheckpointedRunner[],
  onProgress?: (applied: number, checkpoint: Checkpoint) => void,
  ahead = 4,
): Promise<number> {
  if (!runners.length) return 0;
  const store = runners[0].store;
  if (runners.some((runner) => runner.store !== store)) throw new Error('catchUpTogether: the runners must share one event store');
  await Promise.all(runners.map((runner) => runner.load()));
  const batchSize = Math.max(...runners.map((runner) => runner.options.batchSize));
  let after = runners.map((runner) => runner.position).reduce((min, c) => (compareCheckpoints(c, min) < 0 ? c : min));

  // batches[i - dropped] is batch i; an empty batch marks the end of the log.
  const batches: { events: RecordedEvent[]; end: Checkpoint; read: number }[] = [];
  let dropped = 0;
  const done = runners.map(() => 0);
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const signal = () => {
    const w = wake;
    changed = new Promise<void>((resolve) => (wake = resolve));
    w?.();
  };
  let read = 0;
  // Everything committed before this call must be read, even events that a transaction begun earlier and still
  // open hides from readers for a moment: bounded wait, as in catchUp.
  const target = await store.committedHead?.();
  const deadline = Date.now() + 30_000;

  const reader = (async () => {
    for (;;) {
      while (!failure && dropped + batches.length - Math.min(...done) >= ahead) await changed;
      if (failure) return;
      const events = await store.readAll({ after, limit: batchSize }).catch((error: unknown) => {
        failure ??= { error };
        return [];
      });
      if (failure) return signal();
      if (!events.length && target && compareCheckpoints(after, target) < 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      read += events.length;
      if (events.length) after = checkpointOf(events[events.length - 1]);
      batches.push({ events, end: after, read });
      signal();
      if (!events.length) return;
    }
  })();

  const run = async (runner: CheckpointedRunner, r: number) => {
    for (let i = 0; ; i++) {
      while (!failure && i >= dropped + batches.length) await changed;
      if (failure) return;
      const batch = batches[i - dropped];
      if (!batch.events.length) return;
      try {
        await runner.apply(batch.events, batch.end);
      } catch (error) {
        failure ??= { error };
        return signal();
      }
      done[r] = i + 1;
      // A batch every runner has applied is let go (and reported as progress).
      for (const slowest = Math.min(...done); dropped < slowest; dropped++) {
        const gone = batches.shift()!;
        onProgress?.(gone.read, gone.end);
      }
      signal();
    }
  };

  await Promise.all([reader, ...runners.map((runner, r) => run(runner, r))]);
  if (failure) throw (failure as { error: unknown }).error;
  return read;
}
