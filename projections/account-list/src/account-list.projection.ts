import type { Projection } from '@peps/read-store';
import type { AccountListEntry } from './account-list-document.js';
import { accountListTable } from './account-list.documents.js';
import { accountListEventTypes, evolveAccountList } from './evolve-account-list.js';

export const accountListProjection: Projection<AccountListEntry> = {
  name: 'account-list',
  version: 1,
  eventTypes: accountListEventTypes,
  migrations: [{ version: 1, name: 'account list', sql: `${accountListTable.ddl()};\n${accountListTable.createIndexes()}` }],
  tables: ['account_list'],
  keys: (event) => [String(event.data.accountId)],
  evolve: (doc, event) => evolveAccountList(doc, event),
  load: (tx, keys) => accountListTable.load(tx, keys),
  save: (tx, changes) => accountListTable.save(tx, changes),
};
