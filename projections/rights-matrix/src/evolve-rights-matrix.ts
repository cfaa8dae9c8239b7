import { ERASED_VALUE, type AccessLevel, type AccountEvent, type Profile } from '@peps/domain';
import type { ProjectedEvent } from '@peps/read-store';

export interface RightsMatrixRow {
  accountId: string;
  employerId: string;
  identifier: string;
  lastName: string;
  firstName: string;
  profile: Profile;
  rights: Record<string, AccessLevel>;
}

export const rightsMatrixEventTypes = [
  'account.created',
  'account.contact-details-changed',
  'account.rights-changed',
  'account.promoted-to-administrator',
  'account.deleted',
  'account.administrator-registration-cancelled',
  'account.personal-data-erased',
] as const;

/** Pure: one account's line of its employer's matrix; a closed account leaves the matrix (`null`). */
export function evolveRightsMatrix(row: RightsMatrixRow | null, event: Pick<ProjectedEvent, 'type' | 'data'>): RightsMatrixRow | null {
  const e = event as AccountEvent;
  if (e.type === 'account.created') {
    const d = e.data;
    return { accountId: d.accountId, employerId: d.employerId, identifier: d.identifier, lastName: d.lastName, firstName: d.firstName, profile: d.profile, rights: { ...d.rights } };
  }
  if (!row) return row;
  switch (e.type) {
    case 'account.contact-details-changed':
      if (!e.data.changes.lastName && !e.data.changes.firstName) return row;
      return { ...row, lastName: e.data.changes.lastName?.to ?? row.lastName, firstName: e.data.changes.firstName?.to ?? row.firstName };
    case 'account.rights-changed':
      return { ...row, rights: { ...e.data.rights } };
    case 'account.promoted-to-administrator':
      return { ...row, profile: 'administrator' };
    case 'account.deleted':
      return null;
    case 'account.administrator-registration-cancelled':
      return e.data.outcome === 'closed' ? null : { ...row, profile: 'user' };
    case 'account.personal-data-erased':
      // Only a closed account is erased, and it has left the matrix; should a row remain, it reads as a rebuild would.
      return { ...row, lastName: ERASED_VALUE, firstName: ERASED_VALUE };
    default:
      return row;
  }
}
