import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { writeInOneStatement } from './one-statement.js';

describe.each(testDatabaseKinds())('writeInOneStatement on %s', (kind) => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase(
      kind,
      (db) => db.exec('create table t (id integer primary key, label text not null, doc jsonb)'),
      'one-statement-table-t',
    );
  });
  afterEach(async () => {
    await database.destroy();
  });

  const rows = async () => (await database.db.query<{ id: number; label: string; doc: unknown }>('select * from t order by id')).rows;

  it('runs every write with its own parameters renumbered', async () => {
    await writeInOneStatement(database.db, [
      { sql: 'insert into t (id, label) values ($1, $2)', params: [1, 'un'] },
      { sql: 'insert into t (id, label, doc) values ($1, $2, $3::jsonb)', params: [2, 'deux', JSON.stringify({ a: '$1' })] },
      { sql: 'insert into t (id, label) values ($2, $1)', params: ['dix', 10] },
    ]);
    expect(await rows()).toEqual([
      { id: 1, label: 'un', doc: null },
      { id: 2, label: 'deux', doc: { a: '$1' } },
      { id: 10, label: 'dix', doc: null },
    ]);
  });

  it('writes nothing when one write fails', async () => {
    await writeInOneStatement(database.db, [{ sql: 'insert into t (id, label) values ($1, $2)', params: [1, 'un'] }]);
    await expect(
      writeInOneStatement(database.db, [
        { sql: 'insert into t (id, label) values ($1, $2)', params: [2, 'deux'] },
        { sql: 'insert into t (id, label) values ($1, $2)', params: [1, 'doublon'] },
      ]),
    ).rejects.toThrow();
    expect(await rows()).toEqual([{ id: 1, label: 'un', doc: null }]);
  });

  it('does nothing for no write', async () => {
    await writeInOneStatement(database.db, []);
    expect(await rows()).toEqual([]);
  });
});
