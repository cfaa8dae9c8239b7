import { SqlEventStore } from '@peps/event-store';
import { openDatabase, type SqlDatabase } from '@peps/sql';
import { loadPlatformConfig } from '@peps/runtime';
import { closeReadStore, openReadStore, type PlatformReadStore } from '@peps/runtime';

export interface CliContext {
  db: SqlDatabase;
  store: SqlEventStore;
  /** MongoDB when MONGODB_URL is set, else the database's schema `read` (the platform's choice). */
  readStore: PlatformReadStore;
  close(): Promise<void>;
}

/** The platform's own database: DATABASE_URL, or the PGlite folder in PEPS_DATA_DIR (the platform must be stopped then). */
export async function openCliContext(): Promise<CliContext> {
  const config = loadPlatformConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, preparedStatements: config.preparedStatements, dataDir: config.dataDir, applicationName: 'peps-cli' });
  try {
    const store = await SqlEventStore.open(db);
    const readStore = await openReadStore(config, db);
    const close = async () => {
      try {
        await closeReadStore(readStore);
      } finally {
        await db.close();
      }
    };
    return { db, store, readStore, close };
  } catch (error) {
    await db.close();
    throw error;
  }
}
