import { jest } from '@jest/globals';
import { employerStream, type CommandMetadata, type EmployerRegistered } from '@peps/domain';
import { employerRegistered } from '@peps/domain/testing';
import { SqlEventStore } from '@peps/event-store';
import { createEventStoreTestDatabase } from '@peps/event-store/testing';
import { PlatformClock, type RequestContext } from '@peps/runtime';
import type { TestDatabase } from '@peps/sql/testing';
import { WriteSide } from './write-side.js';

const metadata: CommandMetadata = { now: '2024-05-02T08:00:00.000Z', actor: { kind: 'system' }, correlationId: 'employer-cache-spec' };

// Issue 20: the employer's state reused across requests while its stream stays at the version read with the session.
describe('WriteSide.loadEmployer: an employer state kept at its stream version (PGlite)', () => {
  let database: TestDatabase;
  let store: SqlEventStore;
  let writeSide: WriteSide;
  const employerId = '7d1e4c1a-0000-4000-8000-00000000e001';

  beforeEach(async () => {
    database = await createEventStoreTestDatabase('pglite');
    store = new SqlEventStore(database.db);
    writeSide = new WriteSide(store, new PlatformClock(undefined, false));
    const registered = employerRegistered as EmployerRegistered;
    await writeSide.appendMany([writeSide.append(employerStream(employerId), [{ ...registered, data: { ...registered.data, employerId } }], 'no-stream', metadata)]);
  });
  afterEach(() => database.destroy());

  const addAdministrator = (accountId: string, expectedVersion: number) =>
    writeSide.appendMany([writeSide.append(employerStream(employerId), [{ type: 'employer.administrator-added', data: { employerId, accountId, reason: 'creation', since: metadata.now } }], expectedVersion, metadata)]);

  it('given a state loaded at version 1, when it is asked for at version 1, then the stream is not read again', async () => {
    const first = await writeSide.loadEmployer(employerId);
    const reads = jest.spyOn(store, 'readStream');
    const again = await writeSide.loadEmployer(employerId, 1);
    expect(reads).not.toHaveBeenCalled();
    expect(again).toBe(first);
  });

  it('given the stream moved on, when it is asked for at the new version, then it is read and the new state kept', async () => {
    await writeSide.loadEmployer(employerId);
    await addAdministrator('admin-1', 1);
    const reads = jest.spyOn(store, 'readStream');
    const moved = await writeSide.loadEmployer(employerId, 2);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(moved.version).toBe(2);
    expect(Object.keys(moved.state?.administrators ?? {})).toEqual(['admin-1']);
    expect(await writeSide.loadEmployer(employerId, 2)).toBe(moved);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('given no known version, then the stream is always read (a command deciding on the employer)', async () => {
    await writeSide.loadEmployer(employerId);
    const reads = jest.spyOn(store, 'readStream');
    await writeSide.loadEmployer(employerId);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('given a request, then only the actor’s own employer uses the version read with its session', async () => {
    await writeSide.loadEmployer(employerId);
    const reads = jest.spyOn(store, 'readStream');
    const own: RequestContext = { actor: { kind: 'account', accountId: 'a', roles: ['administrator'], employerId }, correlationId: 'c', employerStreamVersion: 1 };
    await writeSide.employerOf(own, employerId);
    expect(reads).not.toHaveBeenCalled();
    const other: RequestContext = { ...own, actor: { kind: 'account', accountId: 'a', roles: ['administrator'], employerId: 'another' } };
    await writeSide.employerOf(other, employerId);
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
