import { LIVE } from '@peps/read-store';
import type { AccountListEntry } from './account-list-document.js';
import { accountListProjection } from './account-list.projection.js';
import { accountListMongoMapping, accountListSortFields } from './account-list.documents.js';
import { accountListFilter, accountListSort, escapeRegex } from './account-list.mongo-reader.js';
import { accountListPaging } from './account-list.reader.js';

const entry: AccountListEntry = {
  accountId: 'a-1',
  employerId: 'e-1',
  identifier: 'EDU000001',
  civility: 'madame',
  lastName: 'Dupré',
  firstName: 'Éloïse',
  email: 'Eloise.Dupre@CHU.fr',
  profile: 'administrator',
  status: 'active',
  createdAt: '2025-01-06T08:01:00.000Z',
  lastSignInAt: null,
};

describe('account-list on MongoDB', () => {
  it('is stored in the collection named after the projection, with the fields the list filters and sorts on', () => {
    expect(accountListMongoMapping.projection).toBe(accountListProjection.name);
    expect(accountListMongoMapping.fields('a-1', entry)).toEqual({
      employerId: 'e-1',
      identifier: 'EDU000001',
      profile: 'administrator',
      status: 'active',
      sortName: 'dupre eloise',
      email: 'eloise.dupre@chu.fr',
      createdAt: new Date('2025-01-06T08:01:00.000Z'),
      lastSignInAt: null,
      neverSignedIn: true,
      search: 'edu000001 dupre eloise dupre eloise.dupre@chu.fr',
    });
    expect(accountListMongoMapping.fields('a-1', { ...entry, lastSignInAt: '2025-02-01T00:00:00.000Z' })).toMatchObject({
      lastSignInAt: new Date('2025-02-01T00:00:00.000Z'),
      neverSignedIn: false,
    });
  });

  it('builds the filter from the query parameters: employer, profile, status (closed hidden by default), search', () => {
    expect(accountListFilter({})).toEqual({ ...LIVE, status: { $ne: 'closed' } });
    expect(accountListFilter({ employerId: 'e-1', profile: 'user', status: 'closed', search: '  ÉLOÏSE   Dupré ' })).toEqual({
      ...LIVE,
      employerId: 'e-1',
      profile: 'user',
      status: 'closed',
      search: { $regex: 'eloise dupre' },
    });
    // Searched literally, as the SQL LIKE escapes % and _.
    expect(accountListFilter({ search: 'a.b*(c' }).search).toEqual({ $regex: 'a\\.b\\*\\(c' });
    expect(new RegExp(escapeRegex('%.+?^$')).test('x%.+?^$y')).toBe(true);
    expect(accountListFilter({ search: '   ' })).not.toHaveProperty('search');
  });

  it('sorts by the chosen key and direction, never-signed-in accounts last, then by account id', () => {
    expect(accountListSort({})).toEqual({ sortName: 1, _id: 1 });
    expect(accountListSort({ sort: 'createdAt', order: 'desc' })).toEqual({ createdAt: -1, _id: 1 });
    expect(accountListSort({ sort: 'lastSignInAt', order: 'asc' })).toEqual({ neverSignedIn: 1, lastSignInAt: 1, _id: 1 });
    expect(accountListSort({ sort: 'lastSignInAt', order: 'desc' })).toEqual({ neverSignedIn: 1, lastSignInAt: -1, _id: 1 });
  });

  it('pages like the SQL query (1-based, 1 to 2,000 per batch — the API asks 200 at most —, 50 by default)', () => {
    expect(accountListPaging({})).toEqual({ page: 1, pageSize: 50, skip: 0 });
    expect(accountListPaging({ page: 3, pageSize: 20 })).toEqual({ page: 3, pageSize: 20, skip: 40 });
    expect(accountListPaging({ page: 2, pageSize: 1000 })).toEqual({ page: 2, pageSize: 1000, skip: 1000 });
    expect(accountListPaging({ page: 0, pageSize: 5000 })).toEqual({ page: 1, pageSize: 2000, skip: 0 });
  });

  it('has an index for every sort, with and without the employer, and for the identifier lookup', () => {
    const keys = accountListMongoMapping.indexes.map((i) => JSON.stringify(i.key));
    for (const sort of Object.keys(accountListSortFields) as (keyof typeof accountListSortFields)[]) {
      const fields = Object.fromEntries(Object.keys(accountListSort({ sort })).map((f) => [f, 1]));
      expect(keys).toContain(JSON.stringify({ employerId: 1, ...fields }));
      expect(keys).toContain(JSON.stringify(fields));
    }
    expect(keys).toContain(JSON.stringify({ identifier: 1 }));
    expect(new Set(accountListMongoMapping.indexes.map((i) => i.name)).size).toBe(accountListMongoMapping.indexes.length);
  });

  it('given inactiveSince, then the filter keeps accounts last signed in before it, or never signed in and created before it, and not renewed since', () => {
    const filter = accountListFilter({ inactiveSince: '2025-06-01T00:00:00.000Z' }) as Record<string, unknown>;
    const before = new Date('2025-06-01T00:00:00.000Z');
    expect(filter.$and).toEqual([
      { $or: [{ lastSignInAt: { $lt: before } }, { lastSignInAt: null, createdAt: { $lt: before } }] },
      { $or: [{ 'doc.renewedAt': { $exists: false } }, { 'doc.renewedAt': { $lt: '2025-06-01T00:00:00.000Z' } }] },
    ]);
    expect((accountListFilter({}) as Record<string, unknown>).$and).toBeUndefined();
  });
});
