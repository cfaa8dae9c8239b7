import { jest } from '@jest/globals';
import { SqlEventStore, START } from '@peps/event-store';
import { createReadStoreTestDatabase } from '@peps/read-store/testing';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { allProjections, projectionNames } from '@peps/projections';
import { openReadSide } from '@peps/runtime';
import { Scenario } from '@peps/testing';
import type { CliContext } from './cli-context.js';
import { history, rebuild, verify } from './commands.js';

describe.each(testDatabaseKinds())('CLI projections:rebuild on %s (SQL read store)', (kind) => {
  let t: TestDatabase;
  let ctx: CliContext;
  let s: Scenario;
  let nantes: string;
  let jean: { accountId: string; identifier: string };

  beforeEach(async () => {
    t = await createReadStoreTestDatabase(kind, allProjections);
    const store = new SqlEventStore(t.db);
    const { readStore, readers } = await openReadSide({ mongoDbUrl: undefined }, t.db);
    ctx = { db: t.db, store, readStore, readers, close: async () => undefined };
    s = new Scenario(store);
    nantes = await s.registerEmployer({ name: 'CHRU DE NANTES' });
    await s.createAccount({ employerId: nantes, profile: 'administrator', lastName: 'Admin', firstName: 'Alice', by: 'drs-operator' });
    jean = await s.createAccount({ employerId: nantes, lastName: 'Louty', firstName: 'Jean' });
    await s.account(jean.accountId, 'account.password-created', { tokenHash: 'x', passwordHash: 'h', createdAt: s.now() });
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.destroy();
  });

  const readModels = async () => ({ accounts: await ctx.readers.accountList.list({ employerId: nantes }), trail: await ctx.readers.auditTrail.trail({ limit: 1000 }) });

  it('rebuilds every projection together up to the last event, and again to the same read models', async () => {
    expect(await rebuild(ctx, undefined)).toBe(0);
    const checkpoints = await ctx.readStore.checkpoints();
    expect(checkpoints.map((c) => c.projection).sort()).toEqual([...projectionNames].sort());
    for (const c of checkpoints) expect(c.checkpoint).toEqual(s.last);
    const first = await readModels();
    expect(first.accounts.total).toBe(2);
    expect(first.trail.length).toBeGreaterThan(0);

    expect(await rebuild(ctx, undefined)).toBe(0);
    expect(await readModels()).toEqual(first);
  });

  it('only resets a projection whose lease another process holds, and rebuilds the others', async () => {
    const held = await t.db.tryAcquireLease('projection:letters');
    try {
      expect(await rebuild(ctx, undefined)).toBe(0);
    } finally {
      await held?.release();
    }
    const checkpoints = await ctx.readStore.checkpoints();
    for (const c of checkpoints) expect(c.checkpoint).toEqual(c.projection === 'letters' ? START : s.last);
  });

  it('rebuilds one named projection alone, and refuses an unknown name', async () => {
    expect(await rebuild(ctx, 'account-list')).toBe(0);
    const checkpoints = await ctx.readStore.checkpoints();
    expect(checkpoints.map((c) => c.projection)).toEqual(['account-list']);
    expect((await ctx.readers.accountList.list({ employerId: nantes })).total).toBe(2);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await rebuild(ctx, 'nope')).toBe(2);
  });

  it('given an intact log, when audit:verify runs, then it prints the report on stdout, its progress on stderr, and exits 0; 1 once an event is altered', async () => {
    const err: string[] = [];
    const stderr = { isTTY: false, write: (text: string) => err.push(text) > 0 } as unknown as NodeJS.WriteStream;
    const out = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    const total = await ctx.store.countAfter(START, Number.MAX_SAFE_INTEGER);
    expect(await verify(ctx, stderr)).toBe(0);
    expect(JSON.parse(String(out.mock.calls.at(-1)![0]))).toEqual({ ok: true, streamsChecked: 3, eventsChecked: total });
    expect(err.join('')).toMatch(new RegExp(`vérification de l’intégrité \\[█+\\] ${total}/${total} événements`));

    await t.db.query(`update es.events set data = data || '{"altere": true}'::jsonb where stream_name = $1 and stream_version = 1`, [`employer-${nantes}`]);
    expect(await verify(ctx, stderr)).toBe(1);
    expect(JSON.parse(String(out.mock.calls.at(-1)![0]))).toMatchObject({ ok: false, firstBroken: { stream: `employer-${nantes}`, version: 1 } });
  });

  it('finds an account by identifier in the account list of the read store', async () => {
    await rebuild(ctx, 'account-list');
    expect(await history(ctx, jean.identifier)).toBe(0);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await history(ctx, 'ZZZZZZZZZ')).toBe(1);
  });
});
