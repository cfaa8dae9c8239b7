import { describe, expect, it } from '@jest/globals';
import { HealthRegistry } from './health-registry.js';

describe('HealthRegistry', () => {
  const counting = () => {
    const registry = new HealthRegistry();
    let runs = 0;
    registry.register(async () => {
      runs += 1;
      return { name: 'projection', ok: runs < 3, lag: runs };
    });
    return { registry, runs: () => runs };
  };

  it('given a run less than maxAge old, when a probe asks, then it gets that run without running the checks again', async () => {
    const { registry, runs } = counting();
    const first = await registry.runRecent(2_000, 10_000);
    const second = await registry.runRecent(2_000, 11_999);
    expect(second).toBe(first);
    expect(runs()).toBe(1);
  });

  it('given concurrent probes, when none has finished, then they share one run', async () => {
    const { registry, runs } = counting();
    await Promise.all([registry.runRecent(2_000, 0), registry.runRecent(2_000, 1), registry.runRecent(2_000, 2)]);
    expect(runs()).toBe(1);
  });

  it('given a run maxAge old, when a probe asks, then the checks run again and a change shows', async () => {
    const { registry, runs } = counting();
    await registry.runRecent(2_000, 0);
    await registry.runRecent(2_000, 2_000);
    const third = await registry.runRecent(2_000, 4_000);
    expect(runs()).toBe(3);
    expect(third).toEqual([{ name: 'projection', ok: false, lag: 3 }]);
  });

  it('given a failing check, when the checks run, then it reports not ok instead of throwing', async () => {
    const registry = new HealthRegistry();
    registry.register(async () => {
      throw new Error('lecture impossible');
    });
    expect(await registry.run()).toEqual([{ name: 'unknown', ok: false, detail: 'lecture impossible' }]);
  });

  it('given details are asked, when run() is called, then the checks always run fresh', async () => {
    const { registry, runs } = counting();
    await registry.runRecent(2_000, 0);
    await registry.run();
    expect(runs()).toBe(2);
  });
});
