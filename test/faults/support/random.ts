/** A small seeded generator (mulberry32): the same seed replays the same kill schedule and the same load. */
export interface Random {
  readonly seed: number;
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(label: string): Random {
  const fromEnv = process.env.PEPS_FAULTS_SEED;
  const seed = fromEnv ? Number(fromEnv) >>> 0 : (Date.now() ^ (process.pid << 8)) >>> 0;
  console.log(`[faults] ${label}: seed ${seed} (replay with PEPS_FAULTS_SEED=${seed})`);
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds; throws with `describe()` after `timeoutMs`. */
export async function until(condition: () => Promise<boolean> | boolean, timeoutMs: number, describe: () => string, intervalMs = 200): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${describe()}`);
    await sleep(intervalMs);
  }
}
