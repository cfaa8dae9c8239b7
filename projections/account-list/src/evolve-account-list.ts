import { withChanges, type ProjectedEvent } from '@peps/read-store';
import { ERASED_VALUE, type AccountEvent, type Civility } from '@peps/domain';
import type { AccountListEntry } from './account-list-document.js';

export const accountListEventTypes = [
  'account.created',
  'account.password-invitation-issued',
  'account.password-created',
  'account.invitation-expired',
  'account.contact-details-changed',
  'account.promoted-to-administrator',
  'account.deleted',
  'account.administrator-registration-cancelled',
  'account.signed-in',
  'account.locked',
  'account.unlocked',
  'account.password-reset',
  'account.deactivated',
  'account.renewed',
  'account.personal-data-erased',
] as const;

/** Pure: one account's line of the "Gestion des comptes" list. */
export function evolveAccountList(entry: AccountListEntry | null, event: Pick<ProjectedEvent, 'type' | 'data'>): AccountListEntry | null {
  const e = event as AccountEvent;
  if (e.type === 'account.created') {
    const { accountId, employerId, identifier, civility, lastName, firstName, email, profile, createdAt } = e.data;
    return { accountId, employerId, identifier, civility, lastName, firstName, email, profile, status: 'invited', createdAt, lastSignInAt: null };
  }
  if (!entry) return entry;
  switch (e.type) {
    case 'account.password-invitation-issued':
      return entry.status === 'invitation-expired' ? { ...entry, status: 'invited' } : entry;
    case 'account.invitation-expired':
      return entry.status === 'invited' ? { ...entry, status: 'invitation-expired' } : entry;
    case 'account.password-created':
    case 'account.password-reset':
    case 'account.unlocked':
      return entry.status === 'closed' ? entry : { ...entry, status: 'active' };
    case 'account.contact-details-changed':
      return withChanges(entry, e.data.changes, ['civility', 'lastName', 'firstName', 'email']);
    case 'account.promoted-to-administrator':
      return { ...entry, profile: 'administrator' };
    case 'account.deleted':
      return { ...entry, status: 'closed' };
    case 'account.administrator-registration-cancelled':
      return e.data.outcome === 'closed' ? { ...entry, status: 'closed' } : { ...entry, profile: 'user' };
    case 'account.signed-in':
      return { ...entry, lastSignInAt: e.data.signedInAt };
    case 'account.locked':
      return { ...entry, status: 'locked' };
    case 'account.deactivated':
      return { ...entry, status: 'deactivated' };
    case 'account.renewed':
      return { ...entry, renewedAt: e.data.renewedAt };
    case 'account.personal-data-erased':
      // What a rebuild reads from the erased events; the search and sort columns follow from the document.
      return { ...entry, civility: ERASED_VALUE as Civility, lastName: ERASED_VALUE, firstName: ERASED_VALUE, email: ERASED_VALUE };
    default:
      return entry;
  }
}
