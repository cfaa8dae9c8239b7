import { LIVE } from '@peps/read-store';
import { rightsMatrixProjection } from './rights-matrix.projection.js';
import { rightsMatrixMongoMapping } from './rights-matrix.documents.js';
import { rightsMatrixQuery } from './rights-matrix.mongo-reader.js';

describe('rights-matrix on MongoDB', () => {
  it('keeps each row with its employer and normalised name, indexed in the order the matrix reads', () => {
    expect(rightsMatrixMongoMapping.projection).toBe(rightsMatrixProjection.name);
    const row = { accountId: 'a', employerId: 'e-1', identifier: 'JLO1', lastName: 'Loutý', firstName: 'Jean', profile: 'user' as const, rights: {} };
    expect(rightsMatrixMongoMapping.fields('a', row)).toEqual({ employerId: 'e-1', sortName: 'louty jean' });
    const { filter, sort } = rightsMatrixQuery('e-1');
    expect(filter).toEqual({ employerId: 'e-1', ...LIVE });
    expect(sort).toEqual({ sortName: 1, _id: 1 });
    expect(rightsMatrixMongoMapping.indexes.map((i) => i.key)).toContainEqual({ employerId: 1, ...sort });
  });
});
