import { MongoReadStore, SqlReadStore, type Projection, type ReaderImplementations } from '@peps/read-store';
import type { SqlDatabase } from '@peps/sql';
import { allMongoMappings, allProjections, allReaderImplementations, type ReadModelReaders } from '@peps/projections';
import type { PlatformConfig } from '../config/platform-config.js';

/** The read store of a process: schema `read` of the SQL database, or MongoDB when `MONGODB_URL` is set. */
export type PlatformReadStore = SqlReadStore | MongoReadStore;

export type ReadStoreChoice = { kind: 'mongodb'; url: string } | { kind: 'sql' };

/** Pure: which read store the configuration asks for (MongoDB when `MONGODB_URL` is set, else SQL). */
export function chooseReadStoreKind(config: Pick<PlatformConfig, 'mongoDbUrl'>): ReadStoreChoice {
  return config.mongoDbUrl ? { kind: 'mongodb', url: config.mongoDbUrl } : { kind: 'sql' };
}

/** What a process reads its read models with: the read store, one reader per read model on it, and how to close it. */
export interface ReadSide {
  readStore: PlatformReadStore;
  readers: ReadModelReaders;
  /** Closes what the read side opened itself: the MongoDB client (the SQL one shares the process's database). */
  close(): Promise<void>;
}

/**
 * The one place that picks the store's implementations: opens the chosen read store, prepares every projection's
 * tables or collections, and builds each read model's reader on it.
 */
export async function openReadSide(
  config: Pick<PlatformConfig, 'mongoDbUrl'>,
  db: SqlDatabase,
  projections: readonly Projection[] = allProjections,
): Promise<ReadSide> {
  const choice = chooseReadStoreKind(config);
  if (choice.kind === 'mongodb') {
    const readStore = await MongoReadStore.open(choice.url, projections, { mappings: allMongoMappings });
    return { readStore, readers: readersWith((implementations) => implementations.mongodb(readStore.db)), close: () => readStore.close() };
  }
  const readStore = await SqlReadStore.open(db, projections);
  return { readStore, readers: readersWith((implementations) => implementations.sql(db)), close: async () => undefined };
}

function readersWith(build: (implementations: ReaderImplementations<unknown>) => unknown): ReadModelReaders {
  return Object.fromEntries(Object.entries(allReaderImplementations).map(([name, implementations]) => [name, build(implementations)])) as ReadModelReaders;
}
