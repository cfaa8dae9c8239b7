import { randomUUID } from 'node:crypto';
import { SqlEventStore, type Checkpoint } from '@peps/event-store';
import { testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import type { MongoProjectionMapping } from '../mongodb/mongo-documents.js';
import { MongoReadStore } from '../mongodb/mongo-read-store.js';
import type { Projection } from '../projection.js';
import { ProjectionRunner } from '../projection-runner.js';
import type { ReaderImplementations } from '../reader-implementations.js';
import { SqlReadStore } from '../sql/sql-read-store.js';
import { createReadStoreTestDatabase } from './read-store-test-database.js';

/** Read models on one read store, fed by an event store of their own, fresh for each test. */
export interface ReadModelsUnderTest {
  /** Where the test writes its events (an embedded PGlite one for MongoDB). */
  events: SqlEventStore;
  readStore: SqlReadStore | MongoReadStore;
  /** The reader implementation of this store. */
  reader<Reader>(implementations: ReaderImplementations<Reader>): Reader;
  /** Runs every projection up to `until` (the checkpoint of the test's last append). */
  catchUp(until: Checkpoint): Promise<void>;
  /** Empties every projection and runs it again from zero up to `until`. */
  rebuild(until: Checkpoint): Promise<void>;
  /** Digest of every projection's stored documents: a rebuild must give the same. */
  digest(): Promise<string[]>;
  /** Rebuilds every projection up to `until` and expects the very documents it had before. */
  expectSameAfterRebuild(until: Checkpoint): Promise<void>;
  destroy(): Promise<void>;
}

export interface ReaderContractSetup {
  projections: readonly Projection[];
  /** The MongoDB mapping of each projection that has one. */
  mappings: readonly MongoProjectionMapping[];
}

type Target = { name: string; open(setup: ReaderContractSetup): Promise<ReadModelsUnderTest> } | { name: string; skipped: string };

/** The read stores a reader contract runs on: SQL on PGlite always, on PostgreSQL with `DATABASE_URL`, MongoDB with `MONGODB_URL`. */
export function readerTargets(): Target[] {
  const sql: Target[] = testDatabaseKinds().map((kind) => ({ name: `SQL on ${kind}`, open: (setup) => openSql(kind, setup) }));
  const url = process.env.MONGODB_URL;
  const mongo: Target = url ? { name: 'MongoDB', open: (setup) => openMongo(url, setup) } : { name: 'MongoDB', skipped: 'MONGODB_URL is not set' };
  return [...sql, mongo];
}

/**
 * A read model's reader contract: `body` registers its tests once; they run against each reachable read store,
 * seeding the read model through its projection. Without a MongoDB server: one visible line and one passing test
 * saying so, as the MongoDB read-store contract does.
 */
export function readerContract(title: string, setup: ReaderContractSetup, body: (models: () => ReadModelsUnderTest) => void): void {
  for (const target of readerTargets()) {
    if ('skipped' in target) {
      console.log(`${title} on ${target.name} skipped: ${target.skipped}`);
      describe(`${title} on ${target.name}`, () => {
        it(`is skipped: ${target.skipped}`, () => {
          expect(process.env.MONGODB_URL).toBeUndefined();
        });
      });
      continue;
    }
    describe(`${title} on ${target.name}`, () => {
      let models: ReadModelsUnderTest;
      beforeEach(async () => {
        models = await target.open(setup);
      });
      afterEach(() => models.destroy());
      body(() => models);
    });
  }
}

async function openSql(kind: TestDatabase['kind'], setup: ReaderContractSetup): Promise<ReadModelsUnderTest> {
  const t = await createReadStoreTestDatabase(kind, setup.projections);
  const readStore = new SqlReadStore(t.db);
  return underTest(new SqlEventStore(t.db), readStore, setup, {
    reader: (implementations) => implementations.sql(t.db),
    digest: () => Promise.all(setup.projections.flatMap((p) => p.tables.map((table) => sqlTableDigest(t, table)))),
    destroy: () => t.destroy(),
  });
}

async function openMongo(url: string, setup: ReaderContractSetup): Promise<ReadModelsUnderTest> {
  const t = await createReadStoreTestDatabase('pglite');
  const readStore = await MongoReadStore.open(url, setup.projections, { dbName: `peps_test_${randomUUID().slice(0, 8)}`, mappings: setup.mappings });
  return underTest(new SqlEventStore(t.db), readStore, setup, {
    reader: (implementations) => implementations.mongodb(readStore.db),
    digest: () => Promise.all(setup.projections.map((p) => readStore.digest(p.name))),
    destroy: async () => {
      await readStore.db.dropDatabase().catch(() => undefined);
      await readStore.close();
      await t.destroy();
    },
  });
}

function underTest(
  events: SqlEventStore,
  readStore: SqlReadStore | MongoReadStore,
  setup: ReaderContractSetup,
  own: Pick<ReadModelsUnderTest, 'reader' | 'digest' | 'destroy'>,
): ReadModelsUnderTest {
  const runners = setup.projections.map((projection) => new ProjectionRunner(projection, events, readStore));
  const rebuild = async (until: Checkpoint) => {
    for (const runner of runners) await runner.rebuild(undefined, until);
  };
  return {
    events,
    readStore,
    ...own,
    async catchUp(until) {
      for (const runner of runners) await runner.catchUp(undefined, until);
    },
    rebuild,
    async expectSameAfterRebuild(until) {
      const live = await own.digest();
      await rebuild(until);
      expect(await own.digest()).toEqual(live);
    },
  };
}

/** Any table's rows in one digest, whatever its key. */
async function sqlTableDigest(t: TestDatabase, table: string): Promise<string> {
  const { rows } = await t.db.query<{ digest: string | null }>(
    `select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from read.${table} t`,
  );
  return rows[0].digest ?? '';
}
