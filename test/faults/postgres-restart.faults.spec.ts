import { call } from './support/http.js';
import { FaultCluster } from './support/cluster.js';
import { loadTheCluster } from './support/load.js';
import { ensureClusterUp, localClusterControl, restartCluster, waitPgReady } from './support/postgres.js';
import { seededRandom, sleep, until } from './support/random.js';
import { verifyNothingLost } from './support/verify.js';

const control = await localClusterControl();
const describeWithServer = control ? describe : describe.skip;
if (!control) console.log('[faults] PostgreSQL restart scenario skipped: needs root, pg_ctlcluster and the server on this machine');

/**
 * The PostgreSQL server is restarted (once, quickly: it is the machine's shared server) while three clients create
 * and change accounts and a probe reads. Meanwhile the platform answers 503, never 500; afterwards it recovers by
 * itself (no process restarted, none crashed) and nothing acknowledged is lost.
 */
describeWithServer('PostgreSQL restarted under load', () => {
  let cluster: FaultCluster;
  afterAll(async () => {
    if (control) await ensureClusterUp(control); // never leave the shared server down
    await cluster?.close();
  }, 180_000);

  it('answers 503 during the outage, recovers by itself and loses nothing', async () => {
    const random = seededRandom('PostgreSQL restart');
    cluster = await FaultCluster.open();
    const { ledger, load } = await loadTheCluster(cluster, random, 3);
    // A probe on reads needing the database: the account (event store) and the list (read store).
    let probing = true;
    const employer = cluster.employers[0];
    const probe = (async () => {
      while (probing) {
        ledger.note('GET /api/accounts/:id (probe)', await call(cluster.url, 'GET', `/api/accounts/${employer.admin.id}`, { token: employer.adminToken, timeoutMs: 10_000 }));
        ledger.note('GET /api/accounts (probe)', await call(cluster.url, 'GET', '/api/accounts?pageSize=5', { token: employer.adminToken, timeoutMs: 10_000 }));
        await sleep(20);
      }
    })();

    let restartedAt = 0;
    let outageStart = 0;
    try {
      await sleep(random.int(3_000, 5_000));
      outageStart = Date.now();
      const took = await restartCluster(control!);
      restartedAt = Date.now();
      console.log(`[faults] pg_ctlcluster restart took ${took} ms (after ${ledger.created.length} creations)`);
      await waitPgReady();
      // Recovery by itself: creations succeed again without restarting anything.
      await until(() => ledger.timeline.some((t) => t.at > restartedAt && t.what === 'POST /api/accounts' && t.status === 201), 60_000, () => `a creation to succeed after the restart: ${ledger.summary()}\n${cluster.platform.tail()}`);
      await sleep(4_000);
    } finally {
      probing = false;
      await load.stop();
      await probe;
      await waitPgReady();
    }
    const during = ledger.timeline.filter((t) => t.at >= outageStart && t.at <= restartedAt + 5_000 && t.status !== 0);
    console.log(`[faults] answers: ${ledger.summary()}`);
    console.log(`[faults] statuses during the outage: ${JSON.stringify(countBy(during.map((t) => t.status)))}`);
    expect(ledger.serverErrors.slice(0, 10)).toEqual([]);
    expect(during.some((t) => t.status === 503)).toBe(true);
    const crashes = [...cluster.platform.unexpectedExits, ...cluster.worker.unexpectedExits];
    if (crashes.length) {
      const crashed = cluster.platform.unexpectedExits.length ? cluster.platform : cluster.worker;
      throw new Error(`${crashes.join('; ')} — a process must survive a database restart:\n${crashed.tail(6000)}`);
    }
    expect(cluster.platform.starts).toBe(1);
    expect(cluster.worker.starts).toBe(1);

    await cluster.waitHealthy();
    const report = await verifyNothingLost(cluster, ledger, { allowedDuplicateBatches: 1 });
    console.log(`[faults] seed ${random.seed}: ${report}`);
  }, 300_000);
});

function countBy(values: number[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}
