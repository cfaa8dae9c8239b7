import { randomUUID } from 'node:crypto';
import {
  accountInactivityDeadlines,
  accountStream,
  decideAccount,
  DomainError,
  HOUR_MS,
  RETENTION_ERASURE_REASON,
  toStoredEvent,
  type AccountCommand,
} from '@peps/domain';
import { WrongExpectedVersionError, type EventStore } from '@peps/event-store';
import { firstKeptPeriod, SOURCE_ADDRESS_PURPOSE, type KeyVault } from '@peps/personal-data';
import type { SqlDatabase, SqlExecutor } from '@peps/sql';
import { loadAccount } from '../aggregates.js';
import { deterministicUuid } from '../runtime/deterministic-id.js';
import type { ProcessManagerDefinition } from '../runtime/process-manager.js';
import { DEADLINE_MANAGER, deadlineChanges, deadlineEventTypes, type DeadlineChange, type DeadlineKind, type DeadlineRetention } from './deadline-decisions.js';
import { netDeadlineChanges } from './net-deadline-changes.js';

export interface DeadlineManagerDependencies {
  store: EventStore;
  db: SqlDatabase;
  /** The platform clock (`PUT /api/test/clock` moves it). */
  now: () => Date;
  /** Deadlines handled per poll. */
  batch?: number;
  /** PEPS_RETENTION_CLOSED_MONTHS; 12 when not given. */
  retention?: DeadlineRetention;
  /**
   * PEPS_RETENTION_SIGN_IN_MONTHS: each poll destroys the keys of source addresses older than that (whole months,
   * `@peps/personal-data` connection keys); absent, none is destroyed.
   */
  connectionData?: { vault: Pick<KeyVault, 'destroyPeriodsBefore'>; months: number };
  logger?: { warn(message: string): void };
}

export function applyDeadlineChange(tx: SqlExecutor, change: DeadlineChange): Promise<void> {
  return applyDeadlineChanges(tx, [change]);
}

/** A batch of changes in at most three statements (see netDeadlineChanges): the same rows as one by one. */
export async function applyDeadlineChanges(tx: SqlExecutor, changes: readonly DeadlineChange[]): Promise<void> {
  const net = netDeadlineChanges(changes);
  if (net.deletes.length) {
    await tx.query(
      `delete from pm.deadlines d using unnest($1::text[], $2::text[]) as gone(account_id, kind)
       where d.account_id = gone.account_id and d.kind = gone.kind`,
      [net.deletes.map((d) => d.accountId), net.deletes.map((d) => d.kind)],
    );
  }
  if (net.conditionalDeletes.length) {
    const rows = net.conditionalDeletes;
    await tx.query(
      `delete from pm.deadlines d using unnest($1::text[], $2::text[], $3::text[]) as gone(account_id, kind, ref)
       where d.account_id = gone.account_id and d.kind = gone.kind and d.ref = gone.ref`,
      [rows.map((d) => d.accountId), rows.map((d) => d.kind), rows.map((d) => d.ref)],
    );
  }
  if (net.upserts.length) {
    const rows = net.upserts;
    await tx.query(
      `insert into pm.deadlines (account_id, kind, ref, due_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])
       on conflict (account_id, kind) do update set ref = excluded.ref, due_at = excluded.due_at`,
      [rows.map((d) => d.accountId), rows.map((d) => d.kind), rows.map((d) => d.ref), rows.map((d) => d.dueAt)],
    );
  }
}

interface DueRow {
  account_id: string;
  kind: DeadlineKind;
  ref: string;
  due_at: Date | string;
}

const COMMANDS: Record<DeadlineKind, (accountId: string, ref: string) => AccountCommand> = {
  'invitation-expiry': (accountId, tokenHash) => ({ type: 'ExpireInvitation', accountId, tokenHash }),
  'inactivity-warning': (accountId) => ({ type: 'RecordInactivityWarning', accountId }),
  'inactivity-deactivation': (accountId) => ({ type: 'DeactivateForInactivity', accountId }),
  // The erasure steps (keys, outbox, letters, tables) follow from the event, as for the DRS's erasure.
  'personal-data-erasure': (accountId) => ({ type: 'ErasePersonalData', accountId, reason: RETENTION_ERASURE_REASON }),
};

/**
 * Deadlines: kept in `pm.deadlines` from the account events (in the checkpoint's transaction), and acted on by
 * a poll of the platform clock. A reached deadline is a system command decided by the account itself: the
 * event it yields (`account.invitation-expired`, `account.inactivity-warned`, `account.deactivated`,
 * `account.personal-data-erased` at the end of the retention period) is the record, appended with the expected
 * version and a deterministic id. The mails and the erasure steps follow from those events. Polls also destroy, at
 * most once an hour, the month keys of connection data past their retention: one idempotent statement, safe to cut.
 */
export function deadlineManager(deps: DeadlineManagerDependencies): ProcessManagerDefinition & { pollNow(): Promise<number> } {
  // Periods are whole months: once an hour of the platform clock is enough (the first poll runs it at once).
  let connectionDataDoneAt = Number.NEGATIVE_INFINITY;
  const pollNow = async (): Promise<number> => {
    const now = deps.now();
    if (deps.connectionData && Math.abs(now.getTime() - connectionDataDoneAt) >= HOUR_MS) {
      const { vault, months } = deps.connectionData;
      await vault.destroyPeriodsBefore(SOURCE_ADDRESS_PURPOSE, firstKeptPeriod(now, months), now);
      connectionDataDoneAt = now.getTime();
    }
    const { rows } = await deps.db.query<DueRow>(
      'select account_id, kind, ref, due_at from pm.deadlines where due_at <= $1 order by due_at limit $2',
      [now.toISOString(), deps.batch ?? 200],
    );
    let acted = 0;
    for (const row of rows) {
      try {
        if (await reach(row, now)) acted++;
      } catch (error) {
        deps.logger?.warn(`Deadline ${row.kind} of account ${row.account_id}: ${(error as Error).message}`);
      }
    }
    return acted;
  };

  const clear = (row: DueRow) => applyDeadlineChange(deps.db, { op: 'clear', accountId: row.account_id, kind: row.kind, ref: row.ref });

  async function reach(row: DueRow, now: Date): Promise<boolean> {
    const { account, version } = await loadAccount(deps.store, row.account_id);
    if (!account) {
      await clear(row);
      return false;
    }
    const metadata = { now: now.toISOString(), actor: { kind: 'system' as const }, correlationId: randomUUID() };
    let events;
    try {
      events = decideAccount(COMMANDS[row.kind](row.account_id, row.ref), account, metadata);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Not yet (a sign-in moved the deadline): follow the account's own dates; otherwise nothing left to do.
      if (error.code === 'account.inactivity-warning-too-early' || error.code === 'account.inactivity-deadline-not-reached') {
        const dates = accountInactivityDeadlines(account);
        if (dates) {
          await applyDeadlineChange(deps.db, {
            op: 'set',
            accountId: row.account_id,
            kind: row.kind,
            ref: dates.deactivationAt,
            dueAt: row.kind === 'inactivity-warning' ? dates.warningAt : dates.deactivationAt,
          });
          return false;
        }
      }
      if (error.code === 'invitation.not-yet-expired') {
        const token = account.invitations[row.ref];
        if (token) {
          await applyDeadlineChange(deps.db, { op: 'set', accountId: row.account_id, kind: row.kind, ref: row.ref, dueAt: token.expiresAt });
          return false;
        }
      }
      await clear(row);
      return false;
    }
    if (events.length) {
      try {
        await deps.store.append(
          accountStream(row.account_id),
          events.map((event, i) => ({
            // The same deadline reached twice (two pollers, a retry) is the same event: appended once.
            id: deterministicUuid(`deadline:${row.account_id}:${row.kind}:${row.ref}:${i}`),
            ...toStoredEvent(event),
            metadata: { actor: 'system', correlationId: metadata.correlationId, occurredAt: metadata.now },
          })),
          { expectedVersion: version },
        );
      } catch (error) {
        // The account moved meanwhile: the next poll decides again on fresh state.
        if (error instanceof WrongExpectedVersionError) return false;
        throw error;
      }
    }
    await clear(row);
    return events.length > 0;
  }

  return {
    name: DEADLINE_MANAGER,
    eventTypes: deadlineEventTypes,
    async track(tx, events) {
      await applyDeadlineChanges(
        tx,
        events.flatMap((event) => deadlineChanges(event, deps.retention)),
      );
    },
    poll: async () => {
      await pollNow();
    },
    pollNow,
  };
}
