import type { RecordedEvent } from '@peps/event-store';
import type { AccountEvent } from '@peps/domain';
import type { PlannedEffect } from '../runtime/process-manager.js';
import { IDENTIFIER_REMINDER_REQUESTED, type IdentifierReminderRequested } from './identifier-reminder.js';

export const MAIL_MANAGER = 'mail';

/** Each kind is one mail template; `registration-cancelled-administrators` fans out to one mail per administrator. */
export type MailKind =
  | 'password-invitation'
  | 'password-reset'
  | 'forgotten-identifier'
  | 'inactivity-warning'
  | 'account-deactivated'
  | 'registration-cancelled-holder'
  | 'registration-cancelled-administrators'
  | 'registration-cancelled-administrator'
  | 'promoted-to-administrator'
  | 'second-factor-reset'
  | 'new-workstation';

export const mailEventTypes = [
  'account.password-invitation-issued',
  'account.password-reset-requested',
  IDENTIFIER_REMINDER_REQUESTED,
  'account.inactivity-warned',
  'account.deactivated',
  'account.administrator-registration-cancelled',
  'account.promoted-to-administrator',
  'account.second-factor-reset',
  'account.workstation-trusted',
] as const;

type MailCause = Extract<
  AccountEvent,
  {
    type:
      | 'account.password-invitation-issued'
      | 'account.password-reset-requested'
      | 'account.inactivity-warned'
      | 'account.deactivated'
      | 'account.administrator-registration-cancelled'
      | 'account.promoted-to-administrator'
      | 'account.second-factor-reset'
      | 'account.workstation-trusted';
  }
> | IdentifierReminderRequested;

const mail = (kind: MailKind, payload: Record<string, unknown>, key?: string): PlannedEffect => ({ kind, payload, ...(key ? { key } : {}) });

/**
 * Pure: the mails an event calls for. The payload is the cause's data; what the mail needs besides (names,
 * employer, the link's token) is read when it is sent. `account.created` sends nothing by itself: the first
 * `account.password-invitation-issued`, appended with it, carries the token hash the link needs.
 */
export function planMails(event: Pick<RecordedEvent, 'type' | 'data'>): PlannedEffect[] {
  const cause = { type: event.type, data: event.data } as MailCause;
  switch (cause.type) {
    case 'account.password-invitation-issued':
      return [mail('password-invitation', { ...cause.data })];
    case 'account.password-reset-requested':
      return [mail('password-reset', { ...cause.data })];
    case IDENTIFIER_REMINDER_REQUESTED:
      return cause.data.accountIds.length ? [mail('forgotten-identifier', { ...cause.data })] : [];
    case 'account.inactivity-warned':
      return [mail('inactivity-warning', { ...cause.data })];
    case 'account.deactivated':
      return [mail('account-deactivated', { ...cause.data })];
    case 'account.administrator-registration-cancelled':
      return [mail('registration-cancelled-holder', { ...cause.data }), mail('registration-cancelled-administrators', { ...cause.data })];
    case 'account.promoted-to-administrator':
      return [mail('promoted-to-administrator', { ...cause.data })];
    case 'account.second-factor-reset':
      return [mail('second-factor-reset', { ...cause.data })];
    case 'account.workstation-trusted': {
      // The workstation's token digest is no business of a mail (nor of pm.effects): left out.
      const { tokenDigest: _tokenDigest, ...trusted } = cause.data;
      return [mail('new-workstation', trusted)];
    }
    default: {
      const unexpected: never = cause;
      throw new Error(`The mail manager does not handle ${(unexpected as { type: string }).type}`);
    }
  }
}
