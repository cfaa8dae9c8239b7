import { DocumentTable, normaliseForSearch, type Projection } from '@peps/read-store';
import { evolveRightsMatrix, rightsMatrixEventTypes, type RightsMatrixRow } from './evolve-rights-matrix.js';

export const rightsMatrixTable = new DocumentTable<RightsMatrixRow>('rights_matrix', 'account_id', {
  employer_id: { type: 'text not null', value: (d) => d.employerId },
  sort_name: { type: 'text not null', value: (d) => normaliseForSearch(`${d.lastName} ${d.firstName}`) },
});

export const rightsMatrixProjection: Projection<RightsMatrixRow> = {
  name: 'rights-matrix',
  version: 1,
  eventTypes: rightsMatrixEventTypes,
  migrations: [
    {
      version: 1,
      name: 'rights matrix',
      sql: `${rightsMatrixTable.ddl()}; create index rights_matrix_employer on read.rights_matrix (employer_id, sort_name, account_id)`,
    },
  ],
  tables: ['rights_matrix'],
  keys: (event) => [String(event.data.accountId)],
  evolve: (doc, event) => evolveRightsMatrix(doc, event),
  load: (tx, keys) => rightsMatrixTable.load(tx, keys),
  save: (tx, changes) => rightsMatrixTable.save(tx, changes),
};
