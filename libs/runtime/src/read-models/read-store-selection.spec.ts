import { SqlAccountListReader } from '@peps/account-list';
import { SqlAdministratorRegistrationsReader } from '@peps/administrator-registrations';
import { SqlAuditTrailReader } from '@peps/audit-trail';
import { SqlLettersReader } from '@peps/letters';
import { SqlReadStore } from '@peps/read-store';
import { createReadStoreTestDatabase } from '@peps/read-store/testing';
import { SqlRightsMatrixReader } from '@peps/rights-matrix';
import { loadPlatformConfig } from '../config/platform-config.js';
import { chooseReadStoreKind, openReadSide } from './read-store-selection.js';

// Pure selection: nothing here connects to MongoDB (no server is needed).
describe('read store selection', () => {
  it('picks MongoDB when MONGODB_URL is set, with that URL', () => {
    const url = 'mongodb://mongo.internal:27017/peps?replicaSet=rs0';
    expect(chooseReadStoreKind(loadPlatformConfig({ MONGODB_URL: url }))).toEqual({ kind: 'mongodb', url });
    expect(chooseReadStoreKind(loadPlatformConfig({ MONGODB_URL: url, DATABASE_URL: 'postgres://u@h/db' }))).toEqual({ kind: 'mongodb', url });
    expect(chooseReadStoreKind({ mongoDbUrl: 'mongodb+srv://cluster.example.net/peps' }).kind).toBe('mongodb');
  });

  it('keeps the SQL read store otherwise (embedded default, PostgreSQL, blank MONGODB_URL)', () => {
    expect(chooseReadStoreKind(loadPlatformConfig({}))).toEqual({ kind: 'sql' });
    expect(chooseReadStoreKind(loadPlatformConfig({ DATABASE_URL: 'postgres://u@h/db' }))).toEqual({ kind: 'sql' });
    expect(chooseReadStoreKind(loadPlatformConfig({ MONGODB_URL: '  ' }))).toEqual({ kind: 'sql' });
    expect(chooseReadStoreKind({ mongoDbUrl: undefined })).toEqual({ kind: 'sql' });
  });
});

describe('the SQL read side', () => {
  it('reads every read model with its SQL reader, on the prepared schema `read` of the process database', async () => {
    const t = await createReadStoreTestDatabase('pglite');
    try {
      const side = await openReadSide(loadPlatformConfig({}), t.db);
      expect(side.readStore).toBeInstanceOf(SqlReadStore);
      expect(side.readers.accountList).toBeInstanceOf(SqlAccountListReader);
      expect(side.readers.rightsMatrix).toBeInstanceOf(SqlRightsMatrixReader);
      expect(side.readers.administratorRegistrations).toBeInstanceOf(SqlAdministratorRegistrationsReader);
      expect(side.readers.letters).toBeInstanceOf(SqlLettersReader);
      expect(side.readers.auditTrail).toBeInstanceOf(SqlAuditTrailReader);
      expect(await side.readers.accountList.list({})).toEqual({ items: [], total: 0, page: 1, pageSize: 50 });
      expect(await side.readers.auditTrail.trail({})).toEqual([]);
    } finally {
      await t.destroy();
    }
  });

  it('leaves the shared SQL database open when it closes', async () => {
    const t = await createReadStoreTestDatabase('pglite');
    try {
      const side = await openReadSide(loadPlatformConfig({}), t.db);
      await side.close();
      expect((await t.db.query<{ one: number }>('select 1 as one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await t.destroy();
    }
  });
});
