import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SqlEventStore } from '@peps/event-store';
import { seedAccount, seedEmployer } from '@peps/process-managers/testing';
import { startSmtpListener, type SmtpListener } from '@peps/testing';
import { openDatabase } from '@peps/sql';
import { migrateAuthSchema } from '@peps/runtime';

const ROOT = resolve(import.meta.dirname, '../../..');
const ACCOUNTS = 500;
const CONCURRENCY = 8;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await sleep(20);
  }
}

/**
 * The worker process is killed (SIGKILL) while it mails 500 new accounts, then restarted: every account gets its
 * mail, and the only duplicates are mails of the batch in flight at the kill, with the same Message-ID.
 */
describe('worker crash while sending mails', () => {
  let dataDir: string;
  let smtp: SmtpListener;
  let worker: ChildProcess | null = null;
  let output = '';

  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '-s'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  }, 200_000);

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'peps-worker-crash-'));
    smtp = await startSmtpListener();
  });
  afterEach(async () => {
    worker?.kill('SIGKILL');
    await smtp.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [join(ROOT, 'dist/apps/worker/src/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PEPS_DATA_DIR: dataDir,
        SMTP_URL: smtp.url,
        PEPS_PUBLIC_URL: 'https://peps.example.fr',
        PEPS_DEMO: '0',
        PEPS_PM_CONCURRENCY: String(CONCURRENCY),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    return child;
  }

  it('loses no mail and duplicates at most the in-flight batch, with the same Message-ID', async () => {
    // The accounts exist before the worker starts (PGlite: one process at a time on the folder).
    const db = await openDatabase({ dataDir });
    const store = await SqlEventStore.open(db);
    await migrateAuthSchema(db); // as the platform does: the seed stages links for the mails
    const createdAt = new Date().toISOString(); // the worker's deadlines run on the real clock: links must be fresh
    const employerId = await seedEmployer(store, createdAt);
    const creatorId = randomUUID();
    const creator = { kind: 'account' as const, accountId: creatorId, roles: ['administrator' as const], employerId };
    await seedAccount(store, { employerId, accountId: creatorId, profile: 'administrator', identifier: 'PLO000001', firstName: 'Pierre', email: 'pierre.louty@chu-nantes.fr', createdBy: creator, createdAt, db });
    for (let i = 0; i < ACCOUNTS; i++) {
      await seedAccount(store, { employerId, identifier: `AGE${String(i + 2).padStart(6, '0')}`, firstName: 'Agent', lastName: `Numéro${i}`, email: `agent${i}@chu-nantes.fr`, createdBy: creator, createdAt, db });
    }
    await db.close();
    const expected = ACCOUNTS + 1;

    worker = startWorker();
    await until(() => smtp.received.length >= 120, 120_000, `the first mails (worker output: ${output.slice(-2000)})`);
    worker.kill('SIGKILL');
    await new Promise((r) => worker!.once('exit', r));
    const atKill = smtp.received.length;
    expect(atKill).toBeLessThan(expected); // killed in the middle of the run

    worker = startWorker();
    const recipients = () => new Set(smtp.received.map((m) => m.envelopeTo[0]));
    await until(() => recipients().size >= expected, 150_000, `every mail after the restart (${recipients().size}/${expected}; ${output.slice(-2000)})`);
    await sleep(1_500); // anything still to come would be a duplicate
    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));
    worker = null;

    const byRecipient = new Map<string, string[]>();
    for (const mail of smtp.received) byRecipient.set(mail.envelopeTo[0], [...(byRecipient.get(mail.envelopeTo[0]) ?? []), mail.parsed.messageId!]);
    expect(byRecipient.size).toBe(expected);
    for (let i = 0; i < ACCOUNTS; i++) expect(byRecipient.has(`agent${i}@chu-nantes.fr`)).toBe(true);
    const duplicated = [...byRecipient.values()].filter((ids) => ids.length > 1);
    expect(smtp.received.length - expected).toBeLessThanOrEqual(CONCURRENCY);
    for (const ids of duplicated) expect(new Set(ids).size).toBe(1);

    // The log records each mail once.
    const check = await openDatabase({ dataDir });
    const events = await new SqlEventStore(check).readAll({ eventTypes: ['notification.sent'], limit: 10_000 });
    await check.close();
    expect(events).toHaveLength(expected);
    console.log(`crash test: ${atKill} mails before the kill, ${smtp.received.length} in all, ${duplicated.length} duplicate(s)`);
  }, 300_000);
});
