import { call } from './support/http.js';
import { FaultCluster } from './support/cluster.js';
import { loadTheCluster } from './support/load.js';
import { seededRandom, sleep } from './support/random.js';
import { verifyNothingLost } from './support/verify.js';

const LOAD_MS = Number(process.env.PEPS_FAULTS_LOAD_MS ?? 30_000);
const CLIENTS = 4;

/**
 * The platform and the worker are SIGKILLed at random moments (seeded: the seed is printed) while four
 * back-office clients create and change accounts; each is started again at once. Then: every 201 is an account
 * with every acknowledged change, in the list read model, with its password mail (one per cause in the log, any
 * duplicate from a batch in flight at a kill and with the same Message-ID), every administrator has its letter, and
 * the read models equal a rebuild.
 */
describe('SIGKILL of the platform and the worker under load', () => {
  let cluster: FaultCluster;
  afterAll(async () => {
    await cluster?.close();
  }, 60_000);

  it('loses no acknowledged write, mail or letter', async () => {
    const random = seededRandom('platform and worker kills');
    cluster = await FaultCluster.open();
    const { ledger, load } = await loadTheCluster(cluster, random, CLIENTS);
    const kills: string[] = [];
    const started = Date.now();
    try {
      while (Date.now() - started < LOAD_MS) {
        await sleep(random.int(1_500, 4_500));
        // The first kill takes both, so that each process is killed at least once whatever the seed draws.
        const target = kills.length === 0 ? 'both' : random.pick(['platform', 'worker', 'both', 'platform', 'worker'] as const);
        const victims = target === 'both' ? [cluster.platform, cluster.worker] : [target === 'platform' ? cluster.platform : cluster.worker];
        const createdSoFar = ledger.created.length;
        await Promise.all(victims.map((p) => p.stop('SIGKILL')));
        kills.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${target} (after ${createdSoFar} creations, ${cluster.smtp.received.length} mails)`);
        await sleep(random.int(0, 800));
        // Started again one after the other, as a supervisor would.
        for (const p of victims) await p.start();
      }
    } finally {
      await load.stop();
    }
    console.log(`[faults] kills: ${kills.join('; ')}`);
    console.log(`[faults] answers: ${ledger.summary()}`);
    expect(ledger.serverErrors).toEqual([]);
    expect(ledger.created.length).toBeGreaterThan(20);
    expect(cluster.worker.kills).toBeGreaterThan(0);
    expect(cluster.platform.kills).toBeGreaterThan(0);

    const report = await verifyNothingLost(cluster, ledger, { allowedDuplicateBatches: cluster.worker.kills });
    console.log(`[faults] seed ${random.seed}: ${report}`);
  }, 300_000);
});
