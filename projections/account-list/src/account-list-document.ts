import { accountStatusLabels, type AccountCreated, type Profile } from '@peps/domain';

/** The list shows "invitation expired" where the domain only knows "invited": the read model tells them apart. */
export type ListedStatus = 'invited' | 'invitation-expired' | 'active' | 'locked' | 'deactivated' | 'closed';

export const listedStatuses: readonly ListedStatus[] = ['invited', 'invitation-expired', 'active', 'locked', 'deactivated', 'closed'];

/**
 * The one source of status labels for the list and the account page: « invitation expired » is the domain's
 * « invited » label with the reason added, so both pages name the same status.
 */
export const listedStatusLabels: Record<ListedStatus, string> = {
  ...accountStatusLabels,
  'invitation-expired': `${accountStatusLabels.invited} (lien expiré)`,
};

/** The holder as the account was created (contact changes update the names and e-mail). */
export interface AccountListEntry extends Pick<AccountCreated['data'], 'accountId' | 'employerId' | 'identifier' | 'civility' | 'lastName' | 'firstName' | 'email'> {
  profile: Profile;
  status: ListedStatus;
  createdAt: string;
  lastSignInAt: string | null;
  /** Last PEP's renewal, which restarts the 18 months like a sign-in; absent when never renewed. */
  renewedAt?: string;
}
