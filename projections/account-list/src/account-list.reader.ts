import type { AccountListEntry, ListedStatus } from './account-list-document.js';

export type AccountListSort = 'name' | 'identifier' | 'createdAt' | 'lastSignInAt' | 'status' | 'profile';

export interface AccountListQuery {
  /** Undefined: every employer (DRS). */
  employerId?: string;
  search?: string;
  profile?: 'administrator' | 'user';
  /** Undefined: every status but closed (a deleted account leaves the list). */
  status?: ListedStatus;
  /** Only accounts whose last sign-in (or, never signed in, creation) is before this ISO instant: the renewal's « arriving at expiry ». */
  inactiveSince?: string;
  sort?: AccountListSort;
  order?: 'asc' | 'desc';
  page?: number;
  pageSize?: number;
}

export interface AccountListPage {
  items: AccountListEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** The "Gestion des comptes" list, on whichever read store (`SqlAccountListReader`, `MongoAccountListReader`). */
export interface AccountListReader {
  /** One page: searched accent- and case-insensitively, filtered, sorted (never-signed-in last), then by account id. */
  list(query: AccountListQuery): Promise<AccountListPage>;
  /** The account of an identifier, whatever its case; null if none. */
  findByIdentifier(identifier: string): Promise<AccountListEntry | null>;
}

/** The largest page a person asks for (the API's `pageSize`). */
export const ACCOUNT_LIST_MAX_PAGE_SIZE = 200;
/**
 * The largest page the reader serves: the CSV export reads in batches this big, since each page sorts the whole
 * filtered set again (offset paging with its total) and fewer pages cost less.
 */
export const ACCOUNT_LIST_MAX_BATCH = 2_000;

/** Pages are 1-based, 1 to ACCOUNT_LIST_MAX_BATCH accounts, 50 by default. */
export function accountListPaging(query: Pick<AccountListQuery, 'page' | 'pageSize'>): { page: number; pageSize: number; skip: number } {
  const page = Math.max(1, query.page ?? 1);
  const pageSize = Math.min(ACCOUNT_LIST_MAX_BATCH, Math.max(1, query.pageSize ?? 50));
  return { page, pageSize, skip: (page - 1) * pageSize };
}
