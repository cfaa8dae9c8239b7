import { SqlEventStore } from '@peps/event-store';
import { openDatabase, type SqlDatabase } from '@peps/sql';
import { loadPlatformConfig } from '@peps/runtime';
import { openReadSide, type PlatformReadStore, type ReadSide } from '@peps/runtime';

export interface CliContext {
  db: SqlDatabase;
  store: SqlEventStore;
  /** MongoDB when MONGODB_URL is set, else the database's schema `read` (the platform's choice). */
  readStore: PlatformReadStore;
  /** One reader per read model, on that read store. */
  readers: ReadSide['readers'];
  close(): Promise<void>;
}

/** The platform's own database: DATABASE_URL, or the PGlite folder in PEPS_DATA_DIR (the platform must be stopped then). */
export async function openCliContext(): Promise<CliContext> {
  const config = loadPlatformConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, preparedStatements: config.preparedStatements, dataDir: config.dataDir, applicationName: 'peps-cli' });
  try {
    const store = await SqlEventStore.open(db);
    const { readStore, readers, close: closeReadSide } = await openReadSide(config, db);
    const close = async () => {
      try {
        await closeReadSide();
      } finally {
        await db.close();
      }
    };
    return { db, store, readStore, readers, close };
  } catch (error) {
    await db.close();
    throw error;
  }
}
