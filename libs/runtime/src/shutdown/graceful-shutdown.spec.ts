import { afterEach, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { installGracefulShutdown, type ShutdownStep } from './graceful-shutdown.js';

/** The process's exit is the boundary: recorded instead of taken. Signals are not installed (an empty list). */
function shutdownWith(steps: ShutdownStep[], timeoutMs = 1_000) {
  const exits: number[] = [];
  const messages: string[] = [];
  const shutdown = installGracefulShutdown({
    steps,
    timeoutMs,
    signals: [],
    log: { log: (m) => void messages.push(m), error: (m) => void messages.push(`ERREUR ${m}`) },
    exit: (code) => void exits.push(code),
  });
  return { shutdown, exits, messages };
}

describe('graceful shutdown', () => {
  const order: string[] = [];
  const step = (name: string, ms = 0, fail = false): ShutdownStep => ({
    name,
    run: async () => {
      await sleep(ms);
      order.push(name);
      if (fail) throw new Error(`${name} en panne`);
    },
  });
  afterEach(() => void order.splice(0));

  it('given SIGTERM, when every step succeeds, then they run one after the other, each timed, and the exit code is 0', async () => {
    const { shutdown, exits, messages } = shutdownWith([step('http', 20), step('application'), step('storage')]);
    await shutdown('SIGTERM');
    expect(order).toEqual(['http', 'application', 'storage']);
    expect(exits).toEqual([0]);
    expect(messages[0]).toContain('SIGTERM');
    expect(messages.slice(1, 4)).toEqual([expect.stringMatching(/^Arrêt : http en \d+ ms$/), expect.stringMatching(/application/), expect.stringMatching(/storage/)]);
    expect(messages[4]).toMatch(/^Arrêté en \d+ ms$/);
  });

  it('given a step that fails, when shutting down, then the next steps still run (the database still closes) and the exit code is 1', async () => {
    const { shutdown, exits, messages } = shutdownWith([step('application', 0, true), step('storage')]);
    await shutdown('SIGTERM');
    expect(order).toEqual(['application', 'storage']);
    expect(messages).toContain('ERREUR Arrêt : application a échoué : application en panne');
    expect(exits).toEqual([1]);
  });

  it('given a step still running at the bound, when the bound passes, then the exit is forced with 1', async () => {
    const { shutdown, exits, messages } = shutdownWith([step('requête interminable', 300)], 50);
    const done = shutdown('SIGTERM');
    await sleep(120);
    expect(exits).toEqual([1]);
    expect(messages.some((m) => m.startsWith('ERREUR Arrêt forcé après 50 ms'))).toBe(true);
    await done;
  });

  it('given a second signal during the shutdown, then the exit is immediate with 1', async () => {
    const { shutdown, exits } = shutdownWith([step('http', 100)]);
    const first = shutdown('SIGTERM');
    void shutdown('SIGINT');
    expect(exits).toEqual([1]);
    await first;
  });
});
