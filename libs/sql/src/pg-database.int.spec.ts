import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from './testing/test-databases.js';

/**
 * The server ends connections on restart or by an operator (`pg_terminate_backend`). The process must survive it
 * wherever the connection was (idle in the pool, in a query, in a transaction, just released after an error) and
 * the pool must reconnect by itself. An 'error' event that no listener takes would end the process.
 */
const server = process.env.DATABASE_URL;
(server ? describe : describe.skip)('PgDatabase when the server ends its connections', () => {
  let t: TestDatabase;
  let admin: pg.Client;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', onUncaught);
    t = await createTestDatabase('postgres', async () => undefined, 'pg-database-terminations');
    admin = new pg.Client({ connectionString: server });
    await admin.connect();
  });

  afterAll(async () => {
    await admin.end();
    await t.destroy();
    process.off('uncaughtException', onUncaught);
  });

  async function terminateAll(): Promise<number> {
    const { rows: [{ name }] } = await t.db.query<{ name: string }>('select current_database() as name');
    const { rows } = await admin.query<{ n: number }>(
      'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return rows[0].n;
  }

  it('survives terminations while idle, in a query and in a transaction, and works again', async () => {
    const db = t.db;
    for (let round = 0; round < 5; round++) {
      // Idle clients in the pool.
      await Promise.all(Array.from({ length: 6 }, () => db.query('select 1')));
      // Queries running, and a transaction waiting between two statements.
      const running = Array.from({ length: 4 }, () => db.query('select pg_sleep(5)').then(() => 'done', (error: Error) => error.message));
      const inTransaction = db
        .transaction(async (tx) => {
          await tx.query('select 1');
          await sleep(300);
          await tx.query('select 2');
        })
        .then(() => 'done', (error: Error) => error.message);
      await sleep(100);
      expect(await terminateAll()).toBeGreaterThan(0);
      expect(await Promise.all(running)).toEqual(Array(4).fill(expect.stringMatching(/terminat|Connection/i)));
      expect(await inTransaction).toMatch(/terminat|Connection|not queryable/i);
      await sleep(100);
      const { rows } = await db.query<{ ok: number }>('select 1 as ok');
      expect(rows).toEqual([{ ok: 1 }]);
    }
    await sleep(200); // late 'error' events from sockets closing
    expect(uncaught).toEqual([]);
  }, 60_000);
});
