import { LIVE } from '@peps/read-store';
import type { LetterEntry } from './evolve-letter.js';
import { lettersProjection } from './letters.projection.js';
import { lettersMongoMapping } from './letters.documents.js';
import { lettersFilter } from './letters.mongo-reader.js';

describe('letters on MongoDB', () => {
  it('maps a letter to the fields the lists filter on', () => {
    expect(lettersMongoMapping.projection).toBe(lettersProjection.name);
    const letter: LetterEntry = {
      letterId: 'l-1', kind: 'administrator-registration', accountId: 'a-1', employerId: 'e-1', recipient: 'Philippe Dupont',
      status: 'generated', pdfPath: null, createdAt: '2025-01-06T08:00:00.000Z', updatedAt: '2025-01-06T08:05:00.000Z', history: [],
    };
    expect(lettersMongoMapping.fields('l-1', letter)).toEqual({ accountId: 'a-1', employerId: 'e-1', status: 'generated', createdAt: new Date('2025-01-06T08:00:00.000Z') });
  });

  it('filters on what is given only, and each filter has an index in the list order', () => {
    expect(lettersFilter({})).toEqual({ ...LIVE });
    expect(lettersFilter({ status: 'failed', employerId: 'e-1', accountId: 'a-1' })).toEqual({ ...LIVE, status: 'failed', employerId: 'e-1', accountId: 'a-1' });
    const keys = lettersMongoMapping.indexes.map((i) => i.key);
    for (const field of ['status', 'employerId', 'accountId']) expect(keys).toContainEqual({ [field]: 1, createdAt: -1, _id: 1 });
    expect(keys).toContainEqual({ createdAt: -1, _id: 1 });
  });
});
