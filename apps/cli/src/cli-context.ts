import { SqlEventStore, type EventStore } from '@peps/event-store';
import { SealingEventStore, type KeyVault } from '@peps/personal-data';
import { openDatabase, type SqlDatabase } from '@peps/sql';
import { loadPlatformConfig, openKeyVault, personalFieldMap } from '@peps/runtime';
import { openReadSide, type PlatformReadStore, type ReadSide } from '@peps/runtime';

export interface CliContext {
  db: SqlDatabase;
  /** The platform's event store: personal values opened on read (« donnée effacée » once erased). */
  store: EventStore & Required<Pick<EventStore, 'countAfter' | 'committedHead'>>;
  /** Absent in specs that only rebuild read models. */
  vault?: KeyVault;
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
    const vault = await openKeyVault(db, config);
    // The SQL store counts and knows its committed head: so does the sealing store around it.
    const store = new SealingEventStore(await SqlEventStore.open(db), vault, personalFieldMap) as CliContext['store'];
    const { readStore, readers, close: closeReadSide } = await openReadSide(config, db);
    const close = async () => {
      try {
        await closeReadSide();
      } finally {
        await db.close();
      }
    };
    return { db, store, vault, readStore, readers, close };
  } catch (error) {
    await db.close();
    throw error;
  }
}
