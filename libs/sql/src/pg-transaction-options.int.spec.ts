import { PgDatabase } from './pg-database.js';
import { createTestDatabase, withDatabase, type TestDatabase } from './testing/test-databases.js';

/** `synchronousCommit: false` holds for that transaction only, on the connection it ran on. */
const server = process.env.DATABASE_URL;
(server ? describe : describe.skip)('PgDatabase transaction options', () => {
  let t: TestDatabase;
  let db: PgDatabase;
  const setting = (tx: { query: PgDatabase['query'] }) =>
    tx.query<{ value: string }>("select current_setting('synchronous_commit') as value").then(({ rows }) => rows[0].value);

  beforeAll(async () => {
    t = await createTestDatabase('postgres', async (d) => d.exec('create table kept (n integer primary key)'), 'pg-transaction-options');
    const { rows } = await t.db.query<{ name: string }>('select current_database() as name');
    // One connection: the transactions below follow each other on it.
    db = new PgDatabase(withDatabase(server!, rows[0].name), { max: 1 });
  });
  afterAll(async () => {
    await db.close();
    await t.destroy();
  });

  it('given a transaction asked not to wait for the WAL flush, then it runs with synchronous_commit off and commits its writes', async () => {
    const serverSetting = await setting(db);
    const inside = await db.transaction(
      async (tx) => {
        await tx.query('insert into kept (n) values ($1)', [1]);
        return setting(tx);
      },
      { synchronousCommit: false },
    );
    expect(inside).toBe('off');
    expect((await db.query<{ n: number }>('select n from kept')).rows).toEqual([{ n: 1 }]);
    // SET LOCAL ends with the transaction: the connection is back to the server's setting.
    expect(await setting(db)).toBe(serverSetting);
    expect(await db.transaction((tx) => setting(tx))).toBe(serverSetting);
  });

  it('given such a transaction failing, then nothing of it stays and the connection keeps the server setting', async () => {
    const serverSetting = await setting(db);
    await expect(
      db.transaction(
        async (tx) => {
          await tx.query('insert into kept (n) values ($1)', [2]);
          await tx.query('insert into kept (n) values ($1)', [2]);
        },
        { synchronousCommit: false },
      ),
    ).rejects.toThrow(/duplicate key/);
    expect((await db.query<{ n: number }>('select n from kept where n = 2')).rows).toEqual([]);
    expect(await setting(db)).toBe(serverSetting);
  });
});
