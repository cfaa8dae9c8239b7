import { DEFAULT_RETENTION_MONTHS, inactivityDeadlines, personalDataErasureDueAt, type AccountEvent } from '@peps/domain';
import type { RecordedEvent } from '@peps/event-store';

export const DEADLINE_MANAGER = 'deadlines';

export type DeadlineKind = 'invitation-expiry' | 'inactivity-warning' | 'inactivity-deactivation' | 'personal-data-erasure';

/** A change to `pm.deadlines`: one row per account and kind. */
export type DeadlineChange =
  | { op: 'set'; accountId: string; kind: DeadlineKind; ref: string; dueAt: string }
  /** Without `kind`, every deadline of the account; with `ref`, only when the row is for that ref. */
  | { op: 'clear'; accountId: string; kind?: DeadlineKind; ref?: string };

export const deadlineEventTypes = [
  'account.password-invitation-issued',
  'account.password-created',
  'account.invitation-expired',
  'account.signed-in',
  'account.inactivity-warned',
  'account.deactivated',
  'account.deleted',
  'account.administrator-registration-cancelled',
  'account.personal-data-erased',
] as const;

/** How long a closed account's personal data are kept (PEPS_RETENTION_CLOSED_MONTHS). */
export interface DeadlineRetention {
  closedMonths: number;
}

type DeadlineCause = Extract<AccountEvent, { type: (typeof deadlineEventTypes)[number] }>;

/** Last activity moved: the warning (20th of the month before) and the deactivation (18 months) follow. */
function inactivityFrom(accountId: string, lastActivity: string): DeadlineChange[] {
  const { warningAt, deactivationAt } = inactivityDeadlines(lastActivity);
  return [
    { op: 'set', accountId, kind: 'inactivity-warning', ref: deactivationAt, dueAt: warningAt },
    { op: 'set', accountId, kind: 'inactivity-deactivation', ref: deactivationAt, dueAt: deactivationAt },
  ];
}

/** A closed account: nothing is due any more but the erasure of its personal data, `closedMonths` later. */
function closed(accountId: string, closedAt: string, retention: DeadlineRetention): DeadlineChange[] {
  return [
    { op: 'clear', accountId },
    { op: 'set', accountId, kind: 'personal-data-erasure', ref: closedAt, dueAt: personalDataErasureDueAt(closedAt, retention.closedMonths) },
  ];
}

/** Pure: how an event moves the account's deadlines. */
export function deadlineChanges(event: Pick<RecordedEvent, 'type' | 'data'>, retention: DeadlineRetention = { closedMonths: DEFAULT_RETENTION_MONTHS }): DeadlineChange[] {
  const cause = { type: event.type, data: event.data } as DeadlineCause;
  switch (cause.type) {
    case 'account.password-invitation-issued':
      // One pending link per account: a new one replaces the previous deadline.
      return [{ op: 'set', accountId: cause.data.accountId, kind: 'invitation-expiry', ref: cause.data.tokenHash, dueAt: cause.data.expiresAt }];
    case 'account.password-created':
      return [
        { op: 'clear', accountId: cause.data.accountId, kind: 'invitation-expiry', ref: cause.data.tokenHash },
        ...inactivityFrom(cause.data.accountId, cause.data.createdAt),
      ];
    case 'account.invitation-expired':
      return [{ op: 'clear', accountId: cause.data.accountId, kind: 'invitation-expiry', ref: cause.data.tokenHash }];
    case 'account.signed-in':
      return inactivityFrom(cause.data.accountId, cause.data.signedInAt);
    case 'account.inactivity-warned':
      return [{ op: 'clear', accountId: cause.data.accountId, kind: 'inactivity-warning', ref: cause.data.deactivationAt }];
    case 'account.deactivated':
      return [
        { op: 'clear', accountId: cause.data.accountId, kind: 'inactivity-warning' },
        { op: 'clear', accountId: cause.data.accountId, kind: 'inactivity-deactivation' },
      ];
    case 'account.deleted':
      return closed(cause.data.accountId, cause.data.deletedAt, retention);
    case 'account.administrator-registration-cancelled':
      return cause.data.outcome === 'closed' ? closed(cause.data.accountId, cause.data.cancelledAt, retention) : [];
    case 'account.personal-data-erased':
      return [{ op: 'clear', accountId: cause.data.accountId }];
    default: {
      const unexpected: never = cause;
      throw new Error(`The deadline manager does not handle ${(unexpected as { type: string }).type}`);
    }
  }
}
