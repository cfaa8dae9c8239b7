import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERASED_VALUE, foldAccount, toStoredEvent, type AccountEvent } from '@peps/domain';
import { guideAddress, jeanLoutyCreated, jeanPromoted, T0 } from '@peps/domain/testing';
import { eventStoreMigrations, SqlEventStore, type EventStore } from '@peps/event-store';
import { MASTER_KEY_FILE, personalDataMigrations, SealingEventStore, type KeyVault } from '@peps/personal-data';
import { migrate } from '@peps/sql';
import { createTestDatabase, type TestDatabase } from '@peps/sql/testing';
import { openKeyVault, personalFieldMap } from './personal-data-storage.js';

/** The domain's map through the sealing store: what the platform, the worker and the CLI all read and write. */
describe('personal data storage (PGlite)', () => {
  let database: TestDatabase;
  let dataDir: string;
  let vault: KeyVault;
  let store: EventStore;
  const accountId = randomUUID();
  const stream = `account-${accountId}`;
  const append = (events: AccountEvent[], expectedVersion: number | 'no-stream') =>
    store.append(
      stream,
      events.map((event) => ({ id: randomUUID(), ...toStoredEvent(event), metadata: { actor: 'anonymous', correlationId: randomUUID(), occurredAt: T0, sourceAddress: '203.0.113.9' } })),
      { expectedVersion },
    );

  beforeEach(async () => {
    // The sealing store's own spec builds the same template (same migrations, same key).
    database = await createTestDatabase(
      'pglite',
      async (db) => {
        await migrate(db, 'event-store', eventStoreMigrations);
        await migrate(db, 'personal-data', personalDataMigrations);
      },
      'event-store+personal-data',
    );
    dataDir = mkdtempSync(join(tmpdir(), 'peps-pd-'));
    vault = await openKeyVault(database.db, { dataDir });
    store = new SealingEventStore(new SqlEventStore(database.db), vault, personalFieldMap);
  }, 120_000);
  afterEach(async () => {
    await database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given no PEPS_MASTER_KEY, when the vault opens, then a 0600 key file is created in the data folder and used again', async () => {
    const file = join(dataDir, MASTER_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const key = await vault.keyFor(accountId, new Date(T0));
    const again = await openKeyVault(database.db, { dataDir });
    expect((await again.keyIfAny(accountId)) as Buffer).toEqual(key);
  });

  it("given an account's life, when its key is destroyed, then the domain replays it: identifier, rights and status stay, each personal value reads « donnée effacée »", async () => {
    await append([jeanLoutyCreated({ accountId, professionalAddress: guideAddress }), jeanPromoted('2020-03-13T09:00:00.000Z')].map((e) => ({ ...e, data: { ...e.data, accountId } }) as AccountEvent), 'no-stream');
    const { rows } = await database.db.query<{ t: string }>('select string_agg(data::text || metadata::text, \'\') as t from es.events');
    for (const clear of ['Louty', 'jean.louty', 'GLORIETTE', '0241051938', '203.0.113.9']) expect(rows[0]!.t).not.toContain(clear);
    const before = foldAccount(await store.readStream(stream));
    expect(before).toMatchObject({ identifier: 'JLO000439', profile: 'administrator' });

    await vault.destroy(accountId, new Date('2026-12-02T10:00:00Z'));
    const read = await store.readStream(stream);
    const after = foldAccount(read);
    expect(after).toMatchObject({ identifier: before!.identifier, profile: before!.profile, rights: before!.rights, status: before!.status });
    expect(read[0]!.data).toMatchObject({ lastName: ERASED_VALUE, firstName: ERASED_VALUE, email: ERASED_VALUE, phone: ERASED_VALUE, professionalAddress: [ERASED_VALUE] });
    expect(read[1]!.data).toMatchObject({ holder: { lastName: ERASED_VALUE, professionalAddress: [ERASED_VALUE] } });
    expect(read[0]!.metadata.sourceAddress).toBe(ERASED_VALUE);
    expect(await store.verify()).toMatchObject({ ok: true });
  });

  it("given an import's checked lines, when the import's key is destroyed, then the lines read as an empty list", async () => {
    const importId = randomUUID();
    const lines = [{ line: 2, input: { lastName: 'Durand', email: 'c.durand@chu.fr' } }];
    await store.append(`import-${importId}`, [{ id: randomUUID(), type: 'import.checked', schemaVersion: 1, data: { importId, rows: lines, total: 1 }, metadata: { actor: 'system', correlationId: randomUUID(), occurredAt: T0 } }], { expectedVersion: 'no-stream' });
    expect((await store.readStream(`import-${importId}`))[0]!.data).toMatchObject({ rows: lines });
    await vault.destroy(importId, new Date(T0));
    expect((await store.readStream(`import-${importId}`))[0]!.data).toEqual({ importId, rows: [], total: 1 });
  });
});
