import { createOutboxMailTransport } from '@peps/notifications';
import { testDatabaseKinds } from '@peps/sql/testing';
import { loadAccount } from '../aggregates.js';
import { mailManager } from '../mail/mail-manager.js';
import { ProcessManagerRunner } from '../runtime/process-manager-runner.js';
import { createProcessManagerTestDatabase } from '../testing/pm-test-database.js';
import { appendToAccount, seedAccount, seedEmployer } from '../testing/scenario.js';
import { deadlineManager } from './deadline-manager.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAllCommitted } from '@peps/event-store/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { connectionKeyOf, KeyVault, masterKeyOf, personalDataMigrations, SOURCE_ADDRESS_PURPOSE } from '@peps/personal-data';
import { migrate } from '@peps/sql';

const T0 = '2020-03-12T09:41:00.000Z';
const DAY = 24 * 60 * 60 * 1000;

describe.each(testDatabaseKinds())('deadlines on %s, driven by the platform clock', (kind) => {
  let database: Awaited<ReturnType<typeof createProcessManagerTestDatabase>>;
  let now: Date;
  let folder: string;

  beforeEach(async () => {
    database = await createProcessManagerTestDatabase(kind);
    now = new Date(T0);
    folder = mkdtempSync(join(tmpdir(), 'peps-outbox-'));
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  const deadlines = () => {
    const manager = deadlineManager({ store: database.store, db: database.db, now: () => now });
    return { manager, runner: new ProcessManagerRunner(manager, database.store, database.db, { now: () => now }) };
  };
  const status = async (accountId: string) => (await loadAccount(database.store, accountId)).account!;
  const eventsOf = async (accountId: string) => (await database.store.readStream(`account-${accountId}`)).map((e) => e.type);

  it('keeps a password-creation link 15 days: still pending at day 14, expired at 15 days + 1 minute', async () => {
    const employerId = await seedEmployer(database.store, T0);
    const jean = await seedAccount(database.store, { employerId, createdAt: T0 });
    const { runner } = deadlines();
    await runner.runOnce();
    const { rows } = await database.db.query<{ kind: string; due_at: Date }>('select kind, due_at from pm.deadlines');
    expect(rows.map((r) => [r.kind, new Date(r.due_at).toISOString()])).toEqual([['invitation-expiry', new Date(Date.parse(T0) + 15 * DAY).toISOString()]]);

    now = new Date(Date.parse(T0) + 14 * DAY);
    await runner.runOnce();
    expect((await status(jean.accountId)).invitations[jean.tokenHash].status).toBe('pending');

    now = new Date(Date.parse(T0) + 15 * DAY + 60_000);
    await runner.runOnce();
    expect(await eventsOf(jean.accountId)).toContain('account.invitation-expired');
    expect((await status(jean.accountId)).invitations[jean.tokenHash].status).toBe('expired');
    await runner.runOnce(); // the expired event clears the row; nothing more happens
    expect(await eventsOf(jean.accountId)).toHaveLength(3);
    expect((await database.db.query('select 1 from pm.deadlines')).rows).toHaveLength(0);
  });

  it('does not expire a link that was used', async () => {
    const employerId = await seedEmployer(database.store, T0);
    const jean = await seedAccount(database.store, { employerId, createdAt: T0 });
    await appendToAccount(database.store, jean.accountId, { type: 'account.password-created', data: { accountId: jean.accountId, tokenHash: jean.tokenHash, passwordHash: 'x', createdAt: '2020-03-13T08:00:00.000Z' } }, '2020-03-13T08:00:00.000Z');
    const { runner } = deadlines();
    now = new Date(Date.parse(T0) + 16 * DAY);
    await runner.runOnce();
    expect(await eventsOf(jean.accountId)).not.toContain('account.invitation-expired');
  });

  it('warns on the 20th of the month before and deactivates 18 months after the last sign-in, with the mails', async () => {
    const employerId = await seedEmployer(database.store, T0);
    const jean = await seedAccount(database.store, { employerId, createdAt: T0 });
    await appendToAccount(database.store, jean.accountId, { type: 'account.password-created', data: { accountId: jean.accountId, tokenHash: jean.tokenHash, passwordHash: 'x', createdAt: '2020-03-13T08:00:00.000Z' } }, '2020-03-13T08:00:00.000Z');
    await appendToAccount(database.store, jean.accountId, { type: 'account.signed-in', data: { accountId: jean.accountId, signedInAt: '2024-01-10T10:00:00.000Z', profile: 'user', promotionTookEffect: false } }, '2024-01-10T10:00:00.000Z');
    const { runner } = deadlines();
    const transport = createOutboxMailTransport({ folder });
    const mails = new ProcessManagerRunner(
      mailManager({ store: database.store, db: database.db, transport, publicUrl: 'https://peps.example.fr', now: () => now }),
      database.store,
      database.db,
    );
    const sentSubjects = async () => (await readAllCommitted(database.store, { eventTypes: ['notification.sent'] })).map((e) => (e.data as { subject: string }).subject);

    now = new Date('2025-06-19T23:59:00.000Z');
    await runner.runOnce();
    expect(await eventsOf(jean.accountId)).not.toContain('account.inactivity-warned');

    now = new Date('2025-06-20T00:00:00.000Z');
    await runner.runOnce();
    await mails.runOnce();
    expect(await eventsOf(jean.accountId)).toContain('account.inactivity-warned');
    expect(await sentSubjects()).toContain('Votre compte sera désactivé le 10/07/2025');

    now = new Date('2025-07-10T09:59:00.000Z');
    await runner.runOnce();
    expect((await status(jean.accountId)).status).toBe('active');

    now = new Date('2025-07-10T10:00:00.000Z');
    await runner.runOnce();
    await mails.runOnce();
    expect((await status(jean.accountId)).status).toBe('deactivated');
    expect(await sentSubjects()).toContain('Votre compte a été désactivé');
    await transport.close?.();
  });

  it('follows a sign-in that moves the inactivity deadline', async () => {
    const employerId = await seedEmployer(database.store, T0);
    const jean = await seedAccount(database.store, { employerId, createdAt: T0 });
    await appendToAccount(database.store, jean.accountId, { type: 'account.password-created', data: { accountId: jean.accountId, tokenHash: jean.tokenHash, passwordHash: 'x', createdAt: '2020-03-13T08:00:00.000Z' } }, '2020-03-13T08:00:00.000Z');
    const { runner } = deadlines();
    await runner.runOnce();
    await appendToAccount(database.store, jean.accountId, { type: 'account.signed-in', data: { accountId: jean.accountId, signedInAt: '2021-08-01T10:00:00.000Z', profile: 'user', promotionTookEffect: false } }, '2021-08-01T10:00:00.000Z');
    now = new Date('2021-09-14T00:00:00.000Z'); // past the first deadline, before the new one
    await runner.runOnce();
    expect((await status(jean.accountId)).status).toBe('active');
    const { rows } = await database.db.query<{ kind: string; due_at: Date }>(`select kind, due_at from pm.deadlines where kind = 'inactivity-deactivation'`);
    expect(new Date(rows[0].due_at).toISOString()).toBe('2023-02-01T10:00:00.000Z');
  });

  it('erases a deleted account\'s personal data when the retention period after the deletion has passed, once', async () => {
    const employerId = await seedEmployer(database.store, T0);
    const jean = await seedAccount(database.store, { employerId, createdAt: T0 });
    await appendToAccount(database.store, jean.accountId, { type: 'account.deleted', data: { accountId: jean.accountId, employerId, profile: 'user', deletedBy: { kind: 'system' }, deletedAt: '2020-03-20T10:00:00.000Z' } }, '2020-03-20T10:00:00.000Z');
    const manager = deadlineManager({ store: database.store, db: database.db, now: () => now, retention: { closedMonths: 6 } });
    const runner = new ProcessManagerRunner(manager, database.store, database.db, { now: () => now });

    now = new Date('2020-03-21T09:59:00.000Z');
    await runner.runOnce();
    const { rows } = await database.db.query<{ kind: string; due_at: Date }>('select kind, due_at from pm.deadlines');
    expect(rows.map((r) => [r.kind, new Date(r.due_at).toISOString()])).toEqual([['personal-data-erasure', '2020-09-20T10:00:00.000Z']]);
    now = new Date('2020-09-20T09:59:00.000Z');
    await runner.runOnce();
    expect(await eventsOf(jean.accountId)).not.toContain('account.personal-data-erased');

    now = new Date('2020-09-20T10:00:00.000Z');
    await runner.runOnce();
    await runner.runOnce();
    const erased = (await database.store.readStream(`account-${jean.accountId}`)).filter((e) => e.type === 'account.personal-data-erased');
    expect(erased.map((e) => e.data)).toEqual([
      { accountId: jean.accountId, employerId, reason: 'Durée de conservation écoulée depuis la clôture du compte', erasedBy: { kind: 'system' }, erasedAt: '2020-09-20T10:00:00.000Z' },
    ]);
    expect((await status(jean.accountId)).personalDataErasedAt).toBe('2020-09-20T10:00:00.000Z');
    expect((await database.db.query('select 1 from pm.deadlines')).rows).toHaveLength(0);
  });

  it('destroys, at the first poll and then at most hourly, the month keys of source addresses older than the sign-in retention, and only those', async () => {
    await migrate(database.db, 'personal-data', personalDataMigrations);
    const vault = new KeyVault(database.db, [masterKeyOf(randomBytes(32))], { cacheMs: 0 });
    const person = randomUUID();
    const monthKey = async (occurredAt: string) => {
      const { subjectId, period } = connectionKeyOf(person, occurredAt);
      await vault.keyFor(subjectId, new Date(occurredAt), { ownerId: person, purpose: SOURCE_ADDRESS_PURPOSE, period });
      return subjectId;
    };
    const november = await monthKey('2026-11-30T23:00:00.000Z');
    const december = await monthKey('2026-12-01T08:00:00.000Z');
    await vault.keyFor(person, new Date('2026-11-01T00:00:00.000Z'));
    const manager = deadlineManager({ store: database.store, db: database.db, now: () => now, connectionData: { vault, months: 12 } });
    now = new Date('2027-12-15T08:00:00.000Z');
    await manager.pollNow();
    await manager.pollNow(); // again: nothing more
    expect(await vault.keyIfAny(november)).toBe('erased');
    expect(await vault.keyIfAny(december)).toBeInstanceOf(Buffer);
    expect(await vault.keyIfAny(person)).toBeInstanceOf(Buffer);
  });
});
