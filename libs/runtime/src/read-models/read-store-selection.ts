import { isMongoReadStore, MongoReadStore, SqlReadStore, type Projection } from '@peps/read-store';
import type { SqlDatabase } from '@peps/sql';
import { allMongoMappings, allProjections } from '@peps/projections';
import type { PlatformConfig } from '../config/platform-config.js';

/** The read store of a process: schema `read` of the SQL database, or MongoDB when `MONGODB_URL` is set. */
export type PlatformReadStore = SqlReadStore | MongoReadStore;

export type ReadStoreChoice = { kind: 'mongodb'; url: string } | { kind: 'sql' };

/** Pure: which read store the configuration asks for (MongoDB when `MONGODB_URL` is set, else SQL). */
export function chooseReadStoreKind(config: Pick<PlatformConfig, 'mongoDbUrl'>): ReadStoreChoice {
  return config.mongoDbUrl ? { kind: 'mongodb', url: config.mongoDbUrl } : { kind: 'sql' };
}

/** Opens the chosen read store and prepares every projection's tables or collections. */
export async function openReadStore(
  config: Pick<PlatformConfig, 'mongoDbUrl'>,
  db: SqlDatabase,
  projections: readonly Projection[] = allProjections,
): Promise<PlatformReadStore> {
  const choice = chooseReadStoreKind(config);
  if (choice.kind === 'mongodb') return MongoReadStore.open(choice.url, projections, { mappings: allMongoMappings });
  return SqlReadStore.open(db, projections);
}

/** Closes what the read store opened itself: the MongoDB client (the SQL one shares the process's database). */
export async function closeReadStore(readStore: PlatformReadStore): Promise<void> {
  if (isMongoReadStore(readStore)) await readStore.close();
}
