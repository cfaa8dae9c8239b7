import { randomUUID } from 'node:crypto';
import { SqlEventStore } from '@peps/event-store';
import { newEvent } from '@peps/event-store/testing';
import { migrate } from '@peps/sql';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { authMigrations } from '@peps/runtime';
import { accountStream, accountStreamSql, employerStream, employerStreamSql } from '@peps/domain';
import { SessionStore } from './session-store.js';

describe.each(testDatabaseKinds())('SessionStore on %s', (kind) => {
  let database: TestDatabase;
  let store: SqlEventStore;
  const limits = { idleMinutes: 30, absoluteHours: 12 };
  const now = new Date('2026-03-02T09:00:00.000Z');
  const account = (accountId: string) => ({ accountId, identifier: 'JLO000439', roles: ['user' as const], employerId: randomUUID(), displayName: 'Jean Louty', version: 1 });

  beforeEach(async () => {
    database = await createTestDatabase(
      kind,
      async (db) => {
        await migrate(db, 'auth', authMigrations);
        await SqlEventStore.open(db);
      },
      'auth-and-event-store',
    );
    store = new SqlEventStore(database.db);
  });
  afterEach(() => database.destroy());

  const sameDatabase = () => ({ account: (id: string) => store.streamVersionSql(accountStreamSql(id)), employer: (id: string) => store.streamVersionSql(employerStreamSql(id)) });

  it("reads the account stream's version with the session when the log is in the same database", async () => {
    const sessions = new SessionStore(database.db, limits, undefined, sameDatabase());
    const accountId = randomUUID();
    const { token } = await sessions.open(account(accountId), now);
    // No stream yet: version 0, as EventStore.streamVersion says.
    expect((await sessions.find(token, now))?.streamVersion).toBe(0);
    await store.append(accountStream(accountId), [newEvent('account.created'), newEvent('account.changed')], { expectedVersion: 'no-stream' });
    await store.append(accountStream(randomUUID()), [newEvent('account.created')], { expectedVersion: 'no-stream' });
    const found = await sessions.find(token, now);
    expect(found?.streamVersion).toBe(await store.streamVersion(accountStream(accountId)));
    expect(found?.streamVersion).toBe(2);
    expect(found).toMatchObject({ accountId, identifier: 'JLO000439', roles: ['user'], checkedVersion: 1 });
  });

  it("given an employer account, then its employer stream's version is read in the same statement; an operator has none", async () => {
    const sessions = new SessionStore(database.db, limits, undefined, sameDatabase());
    const holder = account(randomUUID());
    const { token } = await sessions.open(holder, now);
    expect((await sessions.find(token, now))?.employerStreamVersion).toBe(0);
    await store.append(employerStream(holder.employerId), [newEvent('employer.registered'), newEvent('employer.administrator-added'), newEvent('employer.administrator-added')], { expectedVersion: 'no-stream' });
    expect((await sessions.find(token, now))?.employerStreamVersion).toBe(3);
    const operator = await sessions.open({ ...account(randomUUID()), employerId: null, roles: ['drs'] }, now);
    const found = await sessions.find(operator.token, now);
    expect(found).toBeDefined();
    expect(found?.employerStreamVersion).toBeUndefined();
  });

  it('leaves the version to the event store otherwise (KurrentDB)', async () => {
    const sessions = new SessionStore(database.db, limits);
    const { token } = await sessions.open(account(randomUUID()), now);
    const found = await sessions.find(token, now);
    expect(found).toBeDefined();
    expect(found && 'streamVersion' in found).toBe(false);
    expect(found && 'employerStreamVersion' in found).toBe(false);
  });
});
