import type { Projection } from '@peps/read-store';
import { evolveRightsMatrix, rightsMatrixEventTypes, type RightsMatrixRow } from './evolve-rights-matrix.js';
import { rightsMatrixTable } from './rights-matrix.documents.js';

export const rightsMatrixProjection: Projection<RightsMatrixRow> = {
  name: 'rights-matrix',
  version: 1,
  eventTypes: rightsMatrixEventTypes,
  migrations: [{ version: 1, name: 'rights matrix', sql: `${rightsMatrixTable.ddl()}; ${rightsMatrixTable.createIndexes()}` }],
  tables: ['rights_matrix'],
  keys: (event) => [String(event.data.accountId)],
  evolve: (doc, event) => evolveRightsMatrix(doc, event),
  load: (tx, keys) => rightsMatrixTable.load(tx, keys),
  save: (tx, changes) => rightsMatrixTable.save(tx, changes),
};
