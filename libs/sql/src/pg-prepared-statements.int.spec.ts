import { PgDatabase } from './pg-database.js';
import { createTestDatabase, withDatabase, type TestDatabase } from './testing/test-databases.js';

/** Statements with parameters run as named prepared statements, one per text and connection (statement-names.ts). */
const server = process.env.DATABASE_URL;
(server ? describe : describe.skip)('PgDatabase prepared statements', () => {
  let t: TestDatabase;
  let url: string;
  const opened: PgDatabase[] = [];
  /** One connection, so that pg_prepared_statements shows what this pool prepared. */
  const single = (options: { preparedStatements?: boolean } = {}) => {
    const db = new PgDatabase(url, { max: 1, ...options });
    opened.push(db);
    return db;
  };
  const preparedTexts = async (db: PgDatabase) =>
    (await db.query<{ statement: string }>('select statement from pg_prepared_statements where name <> $1 order by statement', [''])).rows.map(
      (r) => r.statement,
    );

  beforeAll(async () => {
    t = await createTestDatabase('postgres', async () => undefined, 'pg-prepared-statements');
    const { rows } = await t.db.query<{ name: string }>('select current_database() as name');
    url = withDatabase(server!, rows[0].name);
  });
  afterAll(async () => {
    await Promise.all(opened.map((db) => db.close()));
    await t.destroy();
  });

  it('prepares a statement with parameters once per connection, in and out of transactions, and not one without', async () => {
    const db = single();
    for (let i = 0; i < 3; i++) expect((await db.query<{ n: number }>('select $1::int + 1 as n', [i])).rows).toEqual([{ n: i + 1 }]);
    await db.transaction((tx) => tx.query('select $1::int + 1 as n', [10]));
    await db.query('select 41 + 1 as n');
    // A query whose best plan depends on its parameters opts out.
    await db.query('select $1::int + 2 as n', [1], { prepare: false });
    await db.transaction((tx) => tx.query('select $1::int + 3 as n', [1], { prepare: false }));
    expect(await preparedTexts(db)).toEqual([
      'select $1::int + 1 as n',
      'select statement from pg_prepared_statements where name <> $1 order by statement',
    ]);
  });

  it('prepares nothing when turned off (a pooler that cannot keep them)', async () => {
    const db = single({ preparedStatements: false });
    await db.query('select $1::int + 1 as n', [1]);
    expect(await preparedTexts(db)).toEqual([]);
  });

  it('runs a statement again, unnamed, when its table changed shape under the running process', async () => {
    const db = single();
    await db.exec("create table shape (id int primary key, a text); insert into shape values (1, 'x')");
    const read = () => db.query('select * from shape where id = $1', [1]);
    expect((await read()).rows).toEqual([{ id: 1, a: 'x' }]);
    // A newer version's migration, from another process, during a rolling upgrade.
    await t.db.exec('alter table shape add column b text');
    expect((await read()).rows).toEqual([{ id: 1, a: 'x', b: null }]);
    expect((await read()).rows).toEqual([{ id: 1, a: 'x', b: null }]);

    // Inside a transaction the refusal aborts it; the caller's next attempt runs unnamed.
    const inTransaction = () => db.transaction((tx) => tx.query('select * from shape where id = $1 and a = $2', [1, 'x']));
    expect((await inTransaction()).rows).toEqual([{ id: 1, a: 'x', b: null }]);
    const backend = async () => (await db.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
    const before = await backend();
    await t.db.exec('alter table shape add column c text');
    await expect(inTransaction()).rejects.toMatchObject({ code: '0A000' });
    // The connection whose named statement broke is not handed out again (a pool of one: a new connection).
    expect(await backend()).not.toBe(before);
    expect((await inTransaction()).rows).toEqual([{ id: 1, a: 'x', b: null, c: null }]);
  });
});
