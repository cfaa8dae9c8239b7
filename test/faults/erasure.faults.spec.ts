import { firstKeptPeriod, SOURCE_ADDRESS_PURPOSE } from '@peps/personal-data';
import { FaultCluster } from './support/cluster.js';
import { checkErasedOnce, checkSecondErasureChangesNothing, closedPeople, databaseLeaks, destroyedKeys, erasureEvents, fileLeaks, type Person } from './support/erasure.js';
import { call } from './support/http.js';
import { query } from './support/postgres.js';
import { seededRandom, sleep, until, type Random } from './support/random.js';
import { cli, readModelDigests } from './support/verify.js';

const PEOPLE = 4;
const DAY_MS = 86_400_000;

/** Before the erasure, the scans find each person's values: a scan that finds nothing afterwards proves something. */
async function expectTracesOfEach(cluster: FaultCluster, people: Person[]): Promise<void> {
  for (const person of people) {
    expect((await databaseLeaks(cluster, [person])).length).toBeGreaterThan(0);
    expect((await fileLeaks(cluster, [person])).length).toBeGreaterThan(0);
  }
}

/** Where the erasures stood when the platform died: how many were cut between their event and their key. */
async function cutShort(cluster: FaultCluster, people: Person[]): Promise<Person[]> {
  const events = await erasureEvents(cluster, people);
  const keys = await destroyedKeys(cluster, people);
  return people.filter((p) => events.get(p.id)! > 0 && !keys.has(p.id));
}

/** The read models equal a rebuild from the log, erased values included (the background work stopped first). */
async function expectReadModelsEqualARebuild(cluster: FaultCluster): Promise<void> {
  await cluster.platform.stop('SIGTERM');
  if (!cluster.embedded) await cluster.worker.stop('SIGTERM');
  const before = await readModelDigests(cluster);
  await cli(cluster, 'projections:rebuild');
  const after = await readModelDigests(cluster);
  expect(Object.keys(before).filter((table) => before[table] !== after[table])).toEqual([]);
}

async function killAndRestart(cluster: FaultCluster, random: Random): Promise<void> {
  await cluster.platform.stop('SIGKILL');
  await sleep(random.int(0, 500));
  await cluster.platform.start();
}

/**
 * The DRS's erasures: the embedded platform (its erasure process manager and deadline manager in the process); the
 * retention run: the worker beside an HTTP-only platform. On PostgreSQL, mails in the outbox folder, the process is
 * SIGKILLed in the middle of erasures (seeded moments: the seed is printed) and started again.
 * Nothing is left half-erased and nothing is erased twice: one `account.personal-data-erased` per account, its key
 * destroyed, none of its values in any table, mail or letter, the log verified and replayed.
 */
describe('SIGKILL of the platform during erasures', () => {
  let cluster: FaultCluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  }, 60_000);

  it('finishes every erasure the DRS asked for, once, after a crash at any moment of it', async () => {
    const random = seededRandom('erasure kills');
    cluster = await FaultCluster.open({ embedded: true, outbox: true });
    await cluster.setUp(1, random.seed);
    const people = await closedPeople(cluster, cluster.employers[0], random, PEOPLE);
    await expectTracesOfEach(cluster, people);

    const answers = new Map<string, number>();
    const kills: string[] = [];
    let cut = 0;
    for (const [i, person] of people.entries()) {
      const request = call(cluster.url, 'POST', `/api/drs/accounts/${person.id}/erasure`, {
        token: cluster.operatorToken,
        body: { reason: 'Demande de la personne par courrier' },
        timeoutMs: 20_000,
      });
      // Once the event is in (until one erasure is cut between its event and its key, so that no seed misses the
      // steps), or blindly.
      const afterEvent = cut === 0 || random.chance(0.6);
      const delay = afterEvent ? random.int(0, i === 0 ? 10 : 3) : random.int(0, 150);
      if (afterEvent) await until(async () => (await erasureEvents(cluster!, [person])).get(person.id)! > 0, 15_000, () => `the erasure event of ${person.identifier}`, 2);
      await sleep(delay);
      await cluster.platform.stop('SIGKILL');
      const answer = await request;
      answers.set(person.id, answer.status);
      const half = await cutShort(cluster, [person]);
      cut += half.length;
      kills.push(`${person.identifier} ${afterEvent ? 'after the event' : 'after the request'} +${delay} ms: ${answer.status || answer.error}${half.length ? ', cut between event and key' : ''}`);
      await sleep(random.int(0, 500));
      await cluster.platform.start();
    }
    console.log(`[faults] erasure kills: ${kills.join('; ')}`);
    // Killed mid-request: no answer, or the erasure done; never an error.
    expect([...answers.values()].filter((status) => status !== 0 && status !== 200)).toEqual([]);
    expect(cut).toBeGreaterThan(0); // the reactor had something to finish

    // Every erasure accepted or recorded is finished by the restarted platform alone, before anyone asks again.
    const events = await erasureEvents(cluster, people);
    const begun = people.filter((p) => answers.get(p.id) === 200 || events.get(p.id)! > 0);
    await checkErasedOnce(cluster, begun);
    // The ones killed before their event: asked again, as the DRS would.
    const notBegun = people.filter((p) => !begun.includes(p));
    for (const person of notBegun) {
      const again = await call(cluster.url, 'POST', `/api/drs/accounts/${person.id}/erasure`, { token: cluster.operatorToken, body: { reason: 'Demande renouvelée' } });
      expect(again.status).toBe(200);
    }
    await checkErasedOnce(cluster, people);
    await checkSecondErasureChangesNothing(cluster, people);
    await expectReadModelsEqualARebuild(cluster);
    console.log(`[faults] seed ${random.seed}: ${begun.length}/${PEOPLE} erasures begun before their kill, ${cut} cut between event and key, all finished once`);
  }, 240_000);

  it('finishes the retention erasures the deadline manager was making when it died, once each', async () => {
    const random = seededRandom('retention kills');
    // The scaled topology: the deadline manager and the erasure process manager run in the worker, killed here.
    cluster = await FaultCluster.open({
      embedded: false,
      outbox: true,
      env: { PEPS_TEST_CLOCK: '1', PEPS_RETENTION_CLOSED_MONTHS: '1', PEPS_RETENTION_SIGN_IN_MONTHS: '1' },
    });
    await cluster.setUp(1, random.seed);
    const people = await closedPeople(cluster, cluster.employers[0], random, PEOPLE);
    await expectTracesOfEach(cluster, people);
    const pool = cluster.db.pool;
    const dueErasures = async () => Number((await query<{ n: string }>(pool, `select count(*)::text as n from pm.deadlines where kind = 'personal-data-erasure' and account_id = any($1::text[])`, [people.map((p) => p.id)]))[0].n);
    await until(async () => (await dueErasures()) === PEOPLE, 30_000, () => `the ${PEOPLE} erasure deadlines set`);
    const sourceKeys = `select count(*) filter (where wrapped_key is null)::text as destroyed, count(*)::text as n from pd.subject_keys where purpose = $1 and period < $2`;

    // Two months on (past the one-month retention, far from the 18 months of inactivity): the erasures fall due.
    const now = new Date(Date.now() + 61 * DAY_MS);
    const moved = await call(cluster.url, 'PUT', '/api/test/clock', { body: { now: now.toISOString() } });
    expect(moved.status).toBe(200);
    const [signIns] = await query<{ destroyed: string; n: string }>(pool, sourceKeys, [SOURCE_ADDRESS_PURPOSE, firstKeptPeriod(now, 1)]);
    expect(Number(signIns.n)).toBeGreaterThan(0); // this month's sign-ins, past their retention once the clock moved

    const kills: string[] = [];
    let cut = 0;
    for (let k = 0; k < 3; k++) {
      // The first kill as soon as the deadline manager has begun (its first event in), the others at random moments.
      const watch = k === 0;
      const delay = watch ? random.int(0, 5) : random.int(0, 3_500);
      if (watch) await until(async () => [...(await erasureEvents(cluster!, people)).values()].some((n) => n > 0), 30_000, () => `a retention erasure:\n${cluster!.worker.tail()}`, 2);
      await sleep(delay);
      await cluster.worker.stop('SIGKILL');
      const events = await erasureEvents(cluster, people);
      const half = await cutShort(cluster, people);
      cut += half.length;
      kills.push(`+${delay} ms: ${[...events.values()].filter((n) => n > 0).length} erased, ${half.length} cut between event and key`);
      await sleep(random.int(0, 500));
      await cluster.worker.start();
    }
    console.log(`[faults] retention kills: ${kills.join('; ')}`);
    expect(cut).toBeGreaterThan(0); // the reactor had something to finish

    await cluster.signInAgain(); // the sessions expired with the clock move
    await checkErasedOnce(cluster, people);
    expect(await dueErasures()).toBe(0);
    const [after] = await query<{ destroyed: string; n: string }>(pool, sourceKeys, [SOURCE_ADDRESS_PURPOSE, firstKeptPeriod(now, 1)]);
    expect(after.destroyed).toBe(after.n);
    for (const person of people) {
      const replayed = await call(cluster.url, 'GET', `/api/accounts/${person.id}`, { token: person.employer.adminToken });
      expect(replayed.status).toBe(200);
    }
    await checkSecondErasureChangesNothing(cluster, people);
    await expectReadModelsEqualARebuild(cluster);
    console.log(`[faults] seed ${random.seed}: ${PEOPLE} retention erasures, ${cut} cut between event and key, all finished once`);
  }, 240_000);
});
