import { DocumentTable, normaliseForSearch, type Projection } from '@peps/read-store';
import type { AccountListEntry } from './account-list-document.js';
import { accountListEventTypes, evolveAccountList } from './evolve-account-list.js';

export const accountListTable = new DocumentTable<AccountListEntry>('account_list', 'account_id', {
  employer_id: { type: 'text not null', value: (d) => d.employerId },
  identifier: { type: 'text not null', value: (d) => d.identifier },
  profile: { type: 'text not null', value: (d) => d.profile },
  status: { type: 'text not null', value: (d) => d.status },
  sort_name: { type: 'text not null', value: (d) => normaliseForSearch(`${d.lastName} ${d.firstName}`) },
  email: { type: 'text not null', value: (d) => d.email.toLowerCase() },
  created_at: { type: 'timestamptz not null', value: (d) => d.createdAt },
  last_sign_in_at: { type: 'timestamptz', value: (d) => d.lastSignInAt },
  // Accent- and case-free, so "eloise" finds "Éloïse"; both name orders, so "jean louty" and "louty jean" match.
  search: {
    type: 'text not null',
    value: (d) => normaliseForSearch(`${d.identifier} ${d.lastName} ${d.firstName} ${d.lastName} ${d.email}`),
  },
});

export const accountListProjection: Projection<AccountListEntry> = {
  name: 'account-list',
  version: 1,
  eventTypes: accountListEventTypes,
  migrations: [
    {
      version: 1,
      name: 'account list',
      sql: `${accountListTable.ddl()};
        create index account_list_employer_name on read.account_list (employer_id, sort_name, account_id);
        create index account_list_employer_created on read.account_list (employer_id, created_at);
        create index account_list_identifier on read.account_list (identifier);
        create index account_list_name on read.account_list (sort_name, account_id);`,
    },
  ],
  tables: ['account_list'],
  keys: (event) => [String(event.data.accountId)],
  evolve: (doc, event) => evolveAccountList(doc, event),
  load: (tx, keys) => accountListTable.load(tx, keys),
  save: (tx, changes) => accountListTable.save(tx, changes),
};
