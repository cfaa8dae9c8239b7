import { SqlReadStore } from '@peps/read-store';
import type { SqlDatabase } from '@peps/sql';
import { loadPlatformConfig } from '../config/platform-config.js';
import { chooseReadStoreKind, closeReadStore } from './read-store-selection.js';

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

  it('leaves the shared SQL database open when closing the SQL read store', async () => {
    let closed = false;
    const db = { close: async () => void (closed = true) } as unknown as SqlDatabase;
    await closeReadStore(new SqlReadStore(db));
    expect(closed).toBe(false);
  });
});
