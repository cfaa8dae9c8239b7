import { jest } from '@jest/globals';
import { MAX_CONSECUTIVE_FAILED_SIGN_INS } from '@peps/domain';
import { SqlEventStore } from '@peps/event-store';
import { createEventStoreTestDatabase } from '@peps/event-store/testing';
import { migrate } from '@peps/sql';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { Operators } from '@peps/runtime';
import { authMigrations, openReadSide } from '@peps/runtime';
import type { CliContext } from './cli-context.js';
import { unlockOperatorCommand } from './commands.js';

/** Issue 15, finding 2: the last DRS operator, locked, is unlocked by `npm run cli -- operator:unlock <identifier>`. */
describe.each(testDatabaseKinds())('CLI operator:unlock on %s', (kind) => {
  let t: TestDatabase;
  let ctx: CliContext;
  let operators: Operators;
  let out: string[];
  let err: string[];
  const accountId = '00000000-0000-4000-8000-00000000d501';

  beforeEach(async () => {
    t = await createEventStoreTestDatabase(kind);
    const store = await SqlEventStore.open(t.db);
    const { readStore, readers } = await openReadSide({ mongoDbUrl: undefined }, t.db);
    ctx = { db: t.db, store, readStore, readers, close: async () => undefined };
    await migrate(t.db, 'auth', authMigrations);
    operators = new Operators(t.db);
    await operators.createIfMissing({ accountId, identifier: 'DRSOPER01', passwordHash: 'h', roles: ['drs', 'auditor'], displayName: 'Opérateur DRSOPER01' });
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.destroy();
  });

  const lock = async () => {
    for (let i = 0; i < MAX_CONSECUTIVE_FAILED_SIGN_INS; i += 1) await operators.recordFailedSignIn(accountId, new Date());
    expect((await operators.findById(accountId))!.lockedAt).toBeInstanceOf(Date);
  };

  it('unlocks a locked operator (identifier in any case), forgets its failures and records the unlock by `cli`', async () => {
    await lock();
    expect(await unlockOperatorCommand(ctx, 'drsoper01')).toBe(0);
    expect(out.join('\n')).toContain('Opérateur débloqué : DRSOPER01');
    expect(await operators.findById(accountId)).toMatchObject({ lockedAt: null, failedSignIns: 0 });
    const events = await ctx.store.readStream(`security-${accountId}`);
    expect(events.map((e) => e.type)).toEqual(['security.operator-unlocked']);
    expect(events[0]!.data).toMatchObject({ accountId, identifier: 'DRSOPER01', unlockedBy: 'cli' });
    expect(events[0]!.metadata.actor).toBe('system');
  });

  it('says so and changes nothing for an operator that is not locked, or unknown, or a look-alike', async () => {
    expect(await unlockOperatorCommand(ctx, 'DRSOPER01')).toBe(1);
    expect(err.pop()).toBe("Opérateur non débloqué (DRSOPER01) : Ce compte n'est pas bloqué.");
    expect(await unlockOperatorCommand(ctx, 'INCONNU01')).toBe(1);
    expect(err.pop()).toBe('Opérateur non débloqué (INCONNU01) : aucun opérateur ne porte cet identifiant.');
    await lock();
    expect(await unlockOperatorCommand(ctx, 'DRſOPER01')).toBe(1);
    expect((await operators.findById(accountId))!.lockedAt).toBeInstanceOf(Date);
    expect(await ctx.store.readStream(`security-${accountId}`)).toEqual([]);
  });

  it('counts failures once each and locks exactly once, at the threshold', async () => {
    const failures = [];
    for (let i = 0; i < MAX_CONSECUTIVE_FAILED_SIGN_INS + 2; i += 1) failures.push(await operators.recordFailedSignIn(accountId, new Date()));
    expect(failures.map((f) => f!.failedSignIns)).toEqual([1, 2, 3, 4, 5, 6, 7].slice(0, MAX_CONSECUTIVE_FAILED_SIGN_INS + 2));
    expect(failures.map((f) => f!.lockedNow)).toEqual(failures.map((_, i) => i + 1 === MAX_CONSECUTIVE_FAILED_SIGN_INS));
    expect(await operators.recordSuccessfulSignIn(accountId)).toBe(false);
  });
});
