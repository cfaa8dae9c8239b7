import {
  accountStream,
  employerStream,
  foldAccount,
  foldEmployer,
  toDomainEvent,
  type Account,
  type AccountCreated,
  type AccountState,
  type Actor,
  type Civility,
  type Employer,
  type EmployerState,
} from '@peps/domain';
import type { EventStore } from '@peps/event-store';

/** All these helpers need of an event store (a dispatch batch hands them one that reads each stream once). */
export type StreamReader = Pick<EventStore, 'readStream'>;

/**
 * The account as its stream tells it now (or as it stood at `upTo`); with the stream version and who created it
 * (from the same read: a mail names its creator).
 */
export async function loadAccount(
  store: StreamReader,
  accountId: string,
  upTo?: Date,
): Promise<{ account: AccountState; version: number; createdBy: Actor | null }> {
  const recorded = await store.readStream(accountStream(accountId), upTo ? { upTo } : {});
  const created = recorded.find((event) => event.type === 'account.created');
  const createdBy = created ? ((toDomainEvent(created) as AccountCreated).data.createdBy ?? null) : null;
  return { account: foldAccount(recorded), version: recorded.length ? recorded[recorded.length - 1].version : 0, createdBy };
}

export async function loadEmployer(store: StreamReader, employerId: string, upTo?: Date): Promise<EmployerState> {
  return foldEmployer(await store.readStream(employerStream(employerId), upTo ? { upTo } : {}));
}

export async function requireEmployer(store: StreamReader, employerId: string, upTo?: Date): Promise<Employer> {
  const employer = await loadEmployer(store, employerId, upTo);
  if (!employer) throw new Error(`employer ${employerId} not found`);
  return employer;
}

export async function requireAccount(store: StreamReader, accountId: string): Promise<Account> {
  const { account } = await loadAccount(store, accountId);
  if (!account) throw new Error(`account ${accountId} not found`);
  return account;
}

export interface PersonOfRecord {
  civility: Civility;
  firstName: string;
  lastName: string;
  phone: string | null;
}

/**
 * Who acted (the creator of an account, the promoter): their account's contact details. Operator accounts may
 * live in streams of another shape, so any event of the stream carrying a civility and a last name will do.
 */
export async function actorPerson(store: StreamReader, actor: Actor | undefined | null): Promise<PersonOfRecord | null> {
  if (!actor || actor.kind !== 'account') return null;
  const { account } = await loadAccount(store, actor.accountId).catch(() => ({ account: null }));
  if (account) return { civility: account.civility, firstName: account.firstName, lastName: account.lastName, phone: account.phone };
  const recorded = await store.readStream(accountStream(actor.accountId)).catch(() => []);
  for (const event of [...recorded].reverse()) {
    const data = event.data as Record<string, unknown>;
    if ((data.civility === 'monsieur' || data.civility === 'madame') && typeof data.lastName === 'string') {
      return {
        civility: data.civility,
        firstName: typeof data.firstName === 'string' ? data.firstName : '',
        lastName: data.lastName,
        phone: typeof data.phone === 'string' ? data.phone : null,
      };
    }
  }
  return null;
}
