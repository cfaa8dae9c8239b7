import { DocumentTable, documentKind, mongoMappingOf, normaliseForSearch, readModelDocuments, type IndexKey } from '@peps/read-store';
import type { AccountListEntry } from './account-list-document.js';
import type { AccountListSort } from './account-list.reader.js';

/** The account list's document and the fields its queries filter and sort on: table `read.account_list`, collection `account-list`. */
export const accountListDocuments = documentKind<AccountListEntry>()({
  table: 'account_list',
  key: 'accountId',
  fields: {
    employerId: { type: 'text', value: (d) => d.employerId },
    identifier: { type: 'text', value: (d) => d.identifier },
    profile: { type: 'text', value: (d) => d.profile },
    status: { type: 'text', value: (d) => d.status },
    sortName: { type: 'text', value: (d) => normaliseForSearch(`${d.lastName} ${d.firstName}`) },
    email: { type: 'text', value: (d) => d.email.toLowerCase() },
    createdAt: { type: 'timestamp', value: (d) => d.createdAt },
    lastSignInAt: { type: 'timestamp', nullable: true, value: (d) => d.lastSignInAt },
    // "Nulls last" in both directions, as SQL sorts them: never-signed-in accounts sort after the others.
    neverSignedIn: { type: 'boolean', only: 'mongodb', value: (d) => d.lastSignInAt === null },
    // Accent- and case-free, so "eloise" finds "Éloïse"; both name orders, so "jean louty" and "louty jean" match.
    search: { type: 'text', value: (d) => normaliseForSearch(`${d.identifier} ${d.lastName} ${d.firstName} ${d.lastName} ${d.email}`) },
  },
  sqlIndexes: {
    employer_name: ['employerId', 'sortName', 'accountId'],
    employer_created: ['employerId', 'createdAt'],
    identifier: ['identifier'],
    name: ['sortName', 'accountId'],
  },
});

/** Sort keys of the list on MongoDB: the field(s) each `sort` orders by, before the `_id` tie-break. */
export const accountListSortFields: Record<AccountListSort, readonly string[]> = {
  name: ['sortName'],
  identifier: ['identifier'],
  createdAt: ['createdAt'],
  lastSignInAt: ['neverSignedIn', 'lastSignInAt'],
  status: ['status'],
  profile: ['profile'],
};

/**
 * On MongoDB, one index per sort key, with and without the employer (an administrator's list; the DRS list of
 * every employer), and the identifier lookup; equality filters (status, profile) and the search are residual
 * predicates on these. SQL sorts an employer's rows after the index finds them (docs/performance.md).
 */
function mongoIndexes(): Record<string, IndexKey<string>> {
  const indexes: Record<string, IndexKey<string>> = {};
  for (const [sort, fields] of Object.entries(accountListSortFields)) {
    indexes[`employer_${sort}`] = ['employerId', ...fields, '_id'];
    indexes[`all_${sort}`] = [...fields, '_id'];
  }
  indexes.identifier = ['identifier'];
  return indexes;
}

export const accountListReadModel = readModelDocuments({ projection: 'account-list', kinds: [accountListDocuments], mongoIndexes: mongoIndexes() });

export const accountListTable = new DocumentTable(accountListDocuments);

export const accountListMongoMapping = mongoMappingOf<AccountListEntry>(accountListReadModel);
