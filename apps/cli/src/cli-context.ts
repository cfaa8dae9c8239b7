import { SqlEventStore } from '../../../libs/event-store/src/index.js';
import { SqlReadStore } from '../../../libs/read-store/src/index.js';
import { openDatabase, type SqlDatabase } from '../../../libs/sql/src/index.js';
import { loadPlatformConfig } from '../../platform/src/config/platform-config.js';
import { allProjections } from '../../../projections/index.js';

export interface CliContext {
  db: SqlDatabase;
  store: SqlEventStore;
  readStore: SqlReadStore;
  close(): Promise<void>;
}

/** The platform's own database: DATABASE_URL, or the PGlite folder in PEPS_DATA_DIR (the platform must be stopped then). */
export async function openCliContext(): Promise<CliContext> {
  const config = loadPlatformConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, applicationName: 'peps-cli' });
  const store = await SqlEventStore.open(db);
  const readStore = await SqlReadStore.open(db, allProjections);
  return { db, store, readStore, close: () => db.close() };
}
