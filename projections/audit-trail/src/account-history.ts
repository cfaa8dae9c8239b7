import { accountStream, evolveAccount, toDomainEvent, type Account, type AccountEvent, type AccountState } from '@peps/domain';
import type { EventStore, RecordedEvent } from '@peps/event-store';
import { describeEvent, type FieldChange } from './describe-event.js';

export interface HistoryEntry {
  version: number;
  occurredAt: string;
  recordedAt: string;
  type: string;
  actor: string;
  summary: string;
  changes: FieldChange[];
}

/** Every event of an account, straight from the event store (so it is complete even while projections lag). */
export async function accountHistory(
  store: EventStore,
  accountId: string,
): Promise<{ employerId: string | null; holder: AccountHolder | null; entries: HistoryEntry[] }> {
  const events = await store.readStream(accountStream(accountId));
  return { employerId: employerOf(events), holder: holderOf(accountId, events), entries: events.map(toHistoryEntry) };
}

/** Who holds the account, as its own events tell it now (so a holder acting on their account reads by name). */
export interface AccountHolder {
  id: string;
  identifier: string;
  name: string;
}

function holderOf(accountId: string, events: RecordedEvent[]): AccountHolder | null {
  let state: AccountState = null;
  try {
    for (const event of events) state = evolveAccount(state, toDomainEvent(event) as AccountEvent);
  } catch {
    return null;
  }
  return state ? { id: accountId, identifier: state.identifier, name: `${state.firstName} ${state.lastName}`.trim() } : null;
}

export function toHistoryEntry(event: RecordedEvent): HistoryEntry {
  const data = safeData(event);
  const { summary, changes } = describeEvent(event.type, data);
  return { version: event.version, occurredAt: event.metadata.occurredAt, recordedAt: event.recordedAt, type: event.type, actor: String(event.metadata.actor), summary, changes };
}

function safeData(event: RecordedEvent): Record<string, any> {
  try {
    return toDomainEvent(event).data as Record<string, any>;
  } catch {
    return (event.data ?? {}) as Record<string, any>;
  }
}

function employerOf(events: RecordedEvent[]): string | null {
  const created = events.find((e) => e.type === 'account.created');
  return created ? String((created.data as { employerId: string }).employerId) : null;
}

/** The second factor without its secrets: no code digest, TOTP secret, public key, token or recovery code digest. */
export interface SecondFactorSnapshot {
  codePending: { method: string; issuedAt: string; expiresAt: string } | null;
  totpEnrolledAt: string | null;
  totpEnrolmentPending: boolean;
  recoveryCodesLeft: number;
  passkeys: { name: string; registeredAt: string; lastUsedAt: string | null }[];
  workstations: { label: string; trustedAt: string; expiresAt: string; lastUsedAt: string | null }[];
  consecutiveFailures: number;
  lastVerifiedAt: string | null;
}

/** The account as it stood at an instant, without its secrets: tokens are listed by date, never by hash. */
export type AccountSnapshot = Omit<Account, 'passwordHash' | 'invitations' | 'passwordResets' | 'secondFactor'> & {
  hasPassword: boolean;
  secondFactor: SecondFactorSnapshot;
  invitations: { issuedAt: string; expiresAt: string; status: string }[];
  passwordResets: { issuedAt: string; expiresAt: string; status: string }[];
  version: number;
  asOf: string;
};

/** Time travel: replays the account's events whose `occurredAt` is at or before `at`. Null: it did not exist yet. */
export async function accountStateAt(store: EventStore, accountId: string, at: Date): Promise<{ employerId: string | null; state: AccountSnapshot | null }> {
  const events = await store.readStream(accountStream(accountId), { upTo: at });
  let state: AccountState = null;
  for (const event of events) state = evolveAccount(state, toDomainEvent(event) as AccountEvent);
  if (!state) return { employerId: null, state: null };
  const { passwordHash, invitations, passwordResets, secondFactor, ...rest } = state;
  const tokens = (map: Account['invitations']) => Object.values(map).map((t) => ({ issuedAt: t.issuedAt, expiresAt: t.expiresAt, status: t.status }));
  return {
    employerId: state.employerId,
    state: {
      ...rest,
      hasPassword: passwordHash !== null,
      secondFactor: secondFactorSnapshot(secondFactor),
      invitations: tokens(invitations),
      passwordResets: tokens(passwordResets),
      version: events.length ? events[events.length - 1].version : 0,
      asOf: at.toISOString(),
    },
  };
}

export function secondFactorSnapshot(state: Account['secondFactor']): SecondFactorSnapshot {
  const pending = state.pendingCode;
  return {
    codePending: pending ? { method: pending.method, issuedAt: pending.issuedAt, expiresAt: pending.expiresAt } : null,
    totpEnrolledAt: state.totp?.enrolledAt ?? null,
    totpEnrolmentPending: state.pendingTotp !== null,
    recoveryCodesLeft: Object.values(state.recoveryCodes).filter((code) => code.usedAt === null).length,
    passkeys: Object.values(state.passkeys).map((p) => ({ name: p.name, registeredAt: p.registeredAt, lastUsedAt: p.lastUsedAt })),
    workstations: Object.values(state.workstations).map((w) => ({ label: w.label, trustedAt: w.trustedAt, expiresAt: w.expiresAt, lastUsedAt: w.lastUsedAt })),
    consecutiveFailures: state.consecutiveFailures,
    lastVerifiedAt: state.lastVerifiedAt,
  };
}
