/**
 * Runs `work` and answers no sooner than `floorMs` after the start, success or failure alike: the answer's timing then
 * says nothing about which branch ran (unknown identifier, wrong password, locked account, unknown e-mail...).
 */
export async function withResponseFloor<T>(floorMs: number, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await work() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const left = floorMs - (performance.now() - start);
  if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}
