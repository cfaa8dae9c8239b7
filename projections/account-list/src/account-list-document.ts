import type { Civility, Profile } from '@peps/domain';

/** The list shows "invitation expired" where the domain only knows "invited": the read model tells them apart. */
export type ListedStatus = 'invited' | 'invitation-expired' | 'active' | 'locked' | 'deactivated' | 'closed';

export const listedStatuses: readonly ListedStatus[] = ['invited', 'invitation-expired', 'active', 'locked', 'deactivated', 'closed'];

export const listedStatusLabels: Record<ListedStatus, string> = {
  invited: 'En attente de création du mot de passe',
  'invitation-expired': 'Lien de création du mot de passe expiré',
  active: 'Actif',
  locked: 'Bloqué',
  deactivated: 'Désactivé',
  closed: 'Supprimé',
};

export interface AccountListEntry {
  accountId: string;
  employerId: string;
  identifier: string;
  civility: Civility;
  lastName: string;
  firstName: string;
  email: string;
  profile: Profile;
  status: ListedStatus;
  createdAt: string;
  lastSignInAt: string | null;
}
