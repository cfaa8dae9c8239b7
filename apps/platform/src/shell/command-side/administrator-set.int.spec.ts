import { DomainError, foldEmployer, type AccountEvent, type CommandMetadata, type EmployerEvent, type EmployerRegistered } from '@peps/domain';
import { employerRegistered, guideAddress, jeanLoutyCreated } from '@peps/domain/testing';
import { SqlEventStore } from '@peps/event-store';
import { createEventStoreTestDatabase } from '@peps/event-store/testing';
import { PlatformClock } from '@peps/runtime';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { AdministratorSet, type AccountWrite } from './administrator-set.js';
import { WriteSide } from './write-side.js';

const metadata: CommandMetadata = { now: '2024-05-02T08:00:00.000Z', actor: { kind: 'system' }, correlationId: 'administrator-set-spec' };

describe.each(testDatabaseKinds())('AdministratorSet: account events and the employer’s administrators, on %s', (kind) => {
  let database: TestDatabase;
  let writeSide: WriteSide;
  let administratorSet: AdministratorSet;
  let employerId: string;

  beforeEach(async () => {
    database = await createEventStoreTestDatabase(kind);
    writeSide = new WriteSide(new SqlEventStore(database.db), new PlatformClock(undefined, false));
    administratorSet = new AdministratorSet(writeSide);
    employerId = `employer-${Math.random().toString(36).slice(2)}`;
  });
  afterEach(async () => {
    await database.destroy();
  });

  const created = (accountId: string, profile: 'administrator' | 'user') =>
    jeanLoutyCreated({ accountId, employerId, profile, professionalAddress: profile === 'administrator' ? guideAddress : null });
  const write = (accountId: string, events: AccountEvent[], expectedVersion: number | 'no-stream'): AccountWrite => ({
    append: writeSide.append(`account-${accountId}`, events, expectedVersion, metadata),
    events,
    metadata,
  });
  const registration = (): EmployerEvent[] => {
    const registered = employerRegistered as EmployerRegistered;
    return [{ ...registered, data: { ...registered.data, employerId } }];
  };
  const register = (firstAdministrator: string) =>
    administratorSet.append(() => ({ ...write(firstAdministrator, [created(firstAdministrator, 'administrator')], 'no-stream'), registration: registration() }));
  const employerEvents = async () => (await writeSide.store.readStream(`employer-${employerId}`)).map((event) => [event.type, (event.data as { accountId?: string }).accountId]);
  const administrators = async () => Object.keys(foldEmployer(await writeSide.store.readStream(`employer-${employerId}`))?.administrators ?? {}).sort();

  it('opens a registered employer’s stream with its first administrator, before the account’s', async () => {
    await register('admin-1');
    expect(await employerEvents()).toEqual([
      ['employer.registered', undefined],
      ['employer.administrator-added', 'admin-1'],
    ]);
    const [employerFirst, accountNext] = await Promise.all([writeSide.store.readStream(`employer-${employerId}`), writeSide.store.readStream('account-admin-1')]);
    expect(employerFirst[0].position < accountNext[0].position).toBe(true);
  });

  it('given the employer read before another administrator joined, when one more is created, then it decides again on the employer read anew', async () => {
    await register('admin-1');
    const stale = await writeSide.loadEmployer(employerId);
    await administratorSet.append(() => ({ ...write('admin-2', [created('admin-2', 'administrator')], 'no-stream'), employer: stale }));
    let attempts = 0;
    await administratorSet.append(() => {
      attempts += 1;
      return { ...write('admin-3', [created('admin-3', 'administrator')], 'no-stream'), employer: stale };
    });
    expect(attempts).toBe(2);
    expect(await administrators()).toEqual(['admin-1', 'admin-2', 'admin-3']);
  });

  it('writes only the account for a user, and adds a promoted user', async () => {
    await register('admin-1');
    await administratorSet.append(() => write('user-1', [created('user-1', 'user')], 'no-stream'));
    expect(await employerEvents()).toHaveLength(2);
    const promoted: AccountEvent = {
      type: 'account.promoted-to-administrator',
      data: { accountId: 'user-1', employerId, identifier: 'JLO000439', holder: { ...created('user-1', 'administrator').data, professionalAddress: guideAddress }, promotedBy: metadata.actor, promotedAt: metadata.now },
    };
    await administratorSet.append(() => write('user-1', [promoted], 1));
    expect(await administrators()).toEqual(['admin-1', 'user-1']);
  });

  it('refuses to delete the last administrator and appends nothing; a cancellation may remove it', async () => {
    await register('admin-1');
    const deleted: AccountEvent = { type: 'account.deleted', data: { accountId: 'admin-1', employerId, profile: 'administrator', deletedBy: metadata.actor, deletedAt: metadata.now } };
    const refusal = await administratorSet.append(() => write('admin-1', [deleted], 1)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('employer.last-administrator');
    expect(await writeSide.store.streamVersion('account-admin-1')).toBe(1);

    const cancelled: AccountEvent = {
      type: 'account.administrator-registration-cancelled',
      data: { accountId: 'admin-1', employerId, reason: 'Opposition', outcome: 'closed', cancelledBy: metadata.actor, cancelledAt: metadata.now },
    };
    await administratorSet.append(() => write('admin-1', [cancelled], 1));
    expect(await administrators()).toEqual([]);
    expect(await writeSide.store.streamVersion('account-admin-1')).toBe(2);
  });
});
