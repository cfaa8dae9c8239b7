import { DocumentTable, documentKind, mongoMappingOf, normaliseForSearch, readModelDocuments } from '@peps/read-store';
import type { RightsMatrixRow } from './evolve-rights-matrix.js';

/** One account's line of its employer's matrix: table `read.rights_matrix`, collection `rights-matrix`. */
export const rightsMatrixDocuments = documentKind<RightsMatrixRow>()({
  table: 'rights_matrix',
  key: 'accountId',
  fields: {
    employerId: { type: 'text', value: (d) => d.employerId },
    sortName: { type: 'text', value: (d) => normaliseForSearch(`${d.lastName} ${d.firstName}`) },
  },
  sqlIndexes: { employer: ['employerId', 'sortName', 'accountId'] },
});

export const rightsMatrixReadModel = readModelDocuments({
  projection: 'rights-matrix',
  kinds: [rightsMatrixDocuments],
  mongoIndexes: { employer_name: ['employerId', 'sortName', '_id'] },
});

export const rightsMatrixTable = new DocumentTable(rightsMatrixDocuments);

export const rightsMatrixMongoMapping = mongoMappingOf<RightsMatrixRow>(rightsMatrixReadModel);
