import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@peps/sql';
import { testDatabaseKinds } from '@peps/sql/testing';
import { listDeliveries, type DeliveryStatus } from './deliveries.js';
import { createProcessManagerTestDatabase } from './testing/pm-test-database.js';

describe.each(testDatabaseKinds())('the DRS list of mails and letters on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createProcessManagerTestDatabase>>;

  beforeEach(async () => {
    database = await createProcessManagerTestDatabase(kind);
  });
  afterEach(async () => {
    await database.destroy();
  });

  /** One effect as the runners leave it; `seq` follows the order of the calls. */
  async function effect(manager: string, createdAt: string, status: 'pending' | 'done' | 'skipped' | 'failed', attempts = 0): Promise<string> {
    const id = randomUUID();
    await database.db.query(
      `insert into pm.effects (effect_id, manager, kind, cause_event_id, cause_type, cause_stream, cause_occurred_at, cause_correlation_id,
                               payload, status, attempts, last_error, created_at)
       values ($1, $2, $3, $4, 'account.created', 'account-1', $5, 'c', $6, $7, $8, $9, $5)`,
      [id, manager, manager === 'letters' ? 'legal-representative-letter' : 'password-invitation', randomUUID(), createdAt,
        JSON.stringify({ accountId: 'a1', email: 'jean.louty@chu-nantes.fr' }), status, attempts, attempts > 0 ? '451 4.2.2 Boîte pleine' : null],
    );
    return id;
  }

  /** The statement listDeliveries sends for `status`, with its parameters, without running it. */
  async function statementOf(status?: DeliveryStatus): Promise<{ text: string; params: readonly unknown[] }> {
    let sent: { text: string; params: readonly unknown[] } | undefined;
    const recorder: SqlExecutor = {
      query: async (text, params = []) => {
        sent = { text, params };
        return { rows: [] };
      },
    };
    await listDeliveries(recorder, status ? { status } : {});
    return sent!;
  }

  it('given mails, letters and deadlines in every state, when listed, then only mails and letters, newest first, the later queued first at the same instant', async () => {
    const done = await effect('mail', '2020-03-10T08:00:00.000Z', 'done');
    const failedMail = await effect('mail', '2020-03-11T08:00:00.000Z', 'failed', 3);
    const failedLetter = await effect('letters', '2020-03-11T08:00:00.000Z', 'failed', 3);
    await effect('deadlines', '2020-03-12T08:00:00.000Z', 'failed', 3);
    const retrying = await effect('mail', '2020-03-13T08:00:00.000Z', 'pending', 1);
    const pending = await effect('letters', '2020-03-14T08:00:00.000Z', 'pending');

    const ids = async (status?: DeliveryStatus) => (await listDeliveries(database.db, status ? { status } : {})).map((d) => d.effectId);
    expect(await ids('failed')).toEqual([failedLetter, failedMail]);
    expect(await ids('retrying')).toEqual([retrying]);
    expect(await ids()).toEqual([pending, retrying, failedLetter, failedMail, done]);
    expect((await listDeliveries(database.db)).map((d) => d.status)).toEqual(['pending', 'retrying', 'failed', 'failed', 'done']);
  });

  it('given the pm schema migrated, then the effects table has the indexes the DRS list reads', async () => {
    const { rows } = await database.db.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'pm' and tablename = 'effects' and indexname like 'effects_deliveries%' order by indexname`,
    );
    expect(rows.map((r) => r.indexname)).toEqual(['effects_deliveries', 'effects_deliveries_troubled']);
    expect(rows[0]!.indexdef).toMatch(/\(created_at, seq\) WHERE \(manager = ANY/);
    expect(rows[1]!.indexdef).toMatch(/\(status, created_at, seq\) WHERE \(\(manager = ANY .*'failed'.*attempts > 0/);
  });

  it.each<{ label: string; status?: DeliveryStatus; index: string }>([
    { label: 'failed', status: 'failed', index: 'effects_deliveries_troubled' },
    { label: 'retrying', status: 'retrying', index: 'effects_deliveries_troubled' },
    { label: 'none', index: 'effects_deliveries' },
  ])('given status $label, when the list is planned without sorting, then it reads $index from its end', async ({ status, index }) => {
    const { text, params } = await statementOf(status);
    const plan = await database.db.transaction(async (tx) => {
      // The planner may still prefer a scan on a table this small; forbidding scan and sort shows the index fits.
      for (const setting of ['enable_seqscan', 'enable_bitmapscan', 'enable_sort']) await tx.query(`set local ${setting} = off`);
      const { rows } = await tx.query<{ 'QUERY PLAN': string }>(`explain (costs off) ${text}`, params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain(`Index Scan Backward using ${index} on effects`);
    expect(plan).not.toContain('Sort');
  });
});
