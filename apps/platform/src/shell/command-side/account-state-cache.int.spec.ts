import { jest } from '@jest/globals';
import { accountStream, type AccountEvent, type CommandMetadata } from '@peps/domain';
import { activeJean, adminActor, at } from '@peps/domain/testing';
import { SqlEventStore } from '@peps/event-store';
import { createEventStoreTestDatabase } from '@peps/event-store/testing';
import { PlatformClock } from '@peps/runtime';
import type { TestDatabase } from '@peps/sql/testing';
import { WriteSide } from './write-side.js';

const metadata: CommandMetadata = { now: '2024-05-02T08:00:00.000Z', actor: { kind: 'system' }, correlationId: 'account-cache-spec' };
const accountId = 'account-jlo';
const signedIn = (days: number): AccountEvent => ({
  type: 'account.signed-in',
  data: { accountId, signedInAt: at(days), profile: 'user', promotionTookEffect: false },
});

/** The account deleted, then its personal data erased. */
const deletedAndErased: AccountEvent[] = [
  { type: 'account.deleted', data: { accountId, employerId: 'employer-chru-nantes', profile: 'user', deletedBy: adminActor, deletedAt: at(5) } },
  { type: 'account.personal-data-erased', data: { accountId, employerId: 'employer-chru-nantes', reason: 'Demande du titulaire', erasedBy: { kind: 'system' }, erasedAt: at(6) } },
];

// Issue 20: an account's folded state kept by the process, brought up to date with the events after its version.
describe('WriteSide.loadAccount: an account state kept and brought up to date (PGlite)', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let writeSide: WriteSide;
  /** Another process writing to the same log. */
  let other: WriteSide;

  beforeEach(async () => {
    database = await createEventStoreTestDatabase('pglite');
    store = new SqlEventStore(database.db);
    writeSide = new WriteSide(store, new PlatformClock(undefined, false));
    other = new WriteSide(new SqlEventStore(database.db), new PlatformClock(undefined, false));
    await append(other, activeJean, 'no-stream');
  });
  afterEach(() => database.destroy());

  /** The account as a process that kept nothing folds it from the whole stream. */
  const foldedAfresh = () => new WriteSide(new SqlEventStore(database.db), new PlatformClock(undefined, false)).loadAccount(accountId);

  async function append(side: WriteSide, events: AccountEvent[], expectedVersion: number | 'no-stream') {
    await side.appendMany([side.append(accountStream(accountId), events, expectedVersion, metadata)]);
  }

  it('given an account loaded once, when it is loaded again with nothing new, then only the events after its version are asked for and the same state comes back', async () => {
    const first = await writeSide.loadAccount(accountId);
    expect(first.version).toBe(3);
    const reads = jest.spyOn(store, 'readStream');
    const again = await writeSide.loadAccount(accountId);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0]).toEqual([accountStream(accountId), { fromVersion: 4 }]);
    expect(again).toBe(first);
  });

  it('given another process appended since, then the load folds the new events only and equals a fold of the whole stream', async () => {
    await writeSide.loadAccount(accountId);
    await append(other, [signedIn(3), signedIn(4)], 3);
    const loaded = await writeSide.loadAccount(accountId);
    expect(loaded.version).toBe(5);
    expect(loaded.state?.lastSignInAt).toBe(at(4));
    const fresh = await foldedAfresh();
    expect(loaded).toEqual(fresh);
  });

  it('given the personal data erased by another process, then the kept state is dropped: the stream is folded afresh, and in full at every load after', async () => {
    await writeSide.loadAccount(accountId);
    await append(other, deletedAndErased, 3);
    const reads = jest.spyOn(store, 'readStream');
    const erased = await writeSide.loadAccount(accountId);
    expect(erased.state?.personalDataErasedAt).toBe(at(6));
    expect(erased.version).toBe(5);
    expect(reads.mock.calls.map((call) => call[1])).toEqual([{ fromVersion: 4 }, undefined]);
    reads.mockClear();
    await writeSide.loadAccount(accountId);
    expect(reads.mock.calls.map((call) => call[1])).toEqual([undefined]);
  });

  it('given an account loaded once, when this process appends to it at the kept version, then the next load reads no event back and equals a fold of the whole stream', async () => {
    await writeSide.loadAccount(accountId);
    await append(writeSide, [signedIn(3)], 3);
    const reads = jest.spyOn(store, 'readStream');
    const loaded = await writeSide.loadAccount(accountId);
    expect(reads.mock.calls.map((call) => call[1])).toEqual([{ fromVersion: 5 }]);
    expect(loaded.version).toBe(4);
    expect(loaded.state?.lastSignInAt).toBe(at(3));
    const fresh = await foldedAfresh();
    expect(loaded).toEqual(fresh);
  });

  it('given another process appended after the load, when this process appends after those events, then the kept state is not advanced past events it never folded', async () => {
    await writeSide.loadAccount(accountId);
    await append(other, [signedIn(3)], 3);
    await append(writeSide, [signedIn(4)], 4);
    const reads = jest.spyOn(store, 'readStream');
    const loaded = await writeSide.loadAccount(accountId);
    expect(reads.mock.calls.map((call) => call[1])).toEqual([{ fromVersion: 4 }]);
    expect(loaded.version).toBe(5);
    const fresh = await foldedAfresh();
    expect(loaded).toEqual(fresh);
  });

  it('given a new account appended by this process, then nothing is kept of it until it is loaded (a creation does not fill the cache)', async () => {
    const created = 'account-new';
    await writeSide.appendMany([writeSide.append(accountStream(created), activeJean.map((event) => ({ ...event, data: { ...event.data, accountId: created } }) as AccountEvent), 'no-stream', metadata)]);
    const reads = jest.spyOn(store, 'readStream');
    await writeSide.loadAccount(created);
    expect(reads.mock.calls.map((call) => call[1])).toEqual([undefined]);
  });

  it('given an account kept, when this process appends its erasure, then the kept state is dropped and the next load folds the stream as stored', async () => {
    await writeSide.loadAccount(accountId);
    await append(writeSide, deletedAndErased, 3);
    const reads = jest.spyOn(store, 'readStream');
    const erased = await writeSide.loadAccount(accountId);
    expect(reads.mock.calls.map((call) => call[1])).toEqual([undefined]);
    expect(erased.state?.personalDataErasedAt).toBe(at(6));
  });

  it('given no account, then nothing is kept and every load reads the stream', async () => {
    const reads = jest.spyOn(store, 'readStream');
    expect((await writeSide.loadAccount('account-nobody')).version).toBe(0);
    await writeSide.loadAccount('account-nobody');
    expect(reads.mock.calls.map((call) => call[1])).toEqual([undefined, undefined]);
  });
});
