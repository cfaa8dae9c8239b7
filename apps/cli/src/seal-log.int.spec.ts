import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { eventStoreMigrations, SqlEventStore, type NewEvent, type RecordedEvent } from '@peps/event-store';
import { KeyVault, LOG_SEALED_EVENT_TYPE, masterKeyOf, personalDataMigrations, SealingEventStore, type ChainHeadChange } from '@peps/personal-data';
import { personalFieldMap } from '@peps/runtime';
import { migrate } from '@peps/sql';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import type { CliContext } from './cli-context.js';
import { sealLogCommand } from './seal-log.js';

const at = '2025-06-03T09:00:00.000Z';
const later = '2025-07-14T16:30:00.000Z';
const clearValues = ['Louty', 'Jean', 'jean.louty@chu-nantes.fr', 'Martin-Louty', 'jean.martin@chu-nantes.fr', 'Zoé', 'Durand', 'zoe.durand@chu-nantes.fr', '203.0.113.77', '198.51.100.9', '5 allée de l’Île Gloriette'];

function event(type: string, data: Record<string, unknown>, metadata: Partial<NewEvent['metadata']> = {}): NewEvent {
  return { id: randomUUID(), type, schemaVersion: 1, data, metadata: { actor: 'system', correlationId: randomUUID(), occurredAt: at, ...metadata } };
}

/** An account created with its contact details, renamed later from a request's address; an employer (nothing personal). */
function accountEvents(accountId: string, names: { first: string; last: string; email: string }, address?: string): NewEvent[] {
  return [
    event('account.created', {
      accountId, employerId: 'e-1', identifier: `ID${accountId.slice(0, 4)}`, profile: 'user', civility: 'madame', lastName: names.last, firstName: names.first,
      email: names.email, phone: null, professionalAddress: ['Service RH', '5 allée de l’Île Gloriette'], rights: {}, rightsCatalogueVersion: 1, createdBy: { kind: 'system' }, createdAt: at,
    }),
    event('account.password-created', { accountId, tokenHash: 't', passwordHash: 'h', createdAt: at }),
    event(
      'account.contact-details-changed',
      { accountId, changes: { lastName: { from: names.last, to: `Martin-${names.last}` }, email: { from: names.email, to: 'jean.martin@chu-nantes.fr' } }, changedBy: { kind: 'account', accountId }, changedAt: later },
      { actor: accountId, occurredAt: later, ...(address ? { sourceAddress: address } : {}) },
    ),
  ];
}

describe.each(testDatabaseKinds())('CLI personal-data:seal-log on %s', (kind) => {
  let t: TestDatabase;
  let plain: SqlEventStore;
  let ctx: Pick<CliContext, 'db' | 'store' | 'vault'>;
  let out: string[];
  let err: string[];
  let written: Map<string, NewEvent[]>;
  const master = masterKeyOf(randomBytes(32));

  beforeEach(async () => {
    t = await createTestDatabase(
      kind,
      async (db) => {
        await migrate(db, 'event-store', eventStoreMigrations);
        await migrate(db, 'personal-data', personalDataMigrations);
      },
      'event-store+personal-data',
    );
    plain = new SqlEventStore(t.db);
    const vault = new KeyVault(t.db, [master]);
    ctx = { db: t.db, vault, store: new SealingEventStore(plain, vault, personalFieldMap) as CliContext['store'] };
    // A log as a deployment wrote it before crypto-shredding: every value in clear, through a plain store.
    written = new Map();
    const jean = randomUUID();
    const zoe = randomUUID();
    const streams: [string, NewEvent[]][] = [
      [`account-${jean}`, accountEvents(jean, { first: 'Jean', last: 'Louty', email: 'jean.louty@chu-nantes.fr' }, '203.0.113.77')],
      [`employer-${randomUUID()}`, [event('employer.registered', { employerId: 'e-1', name: 'CHU DE NANTES', siret: '26440013600018' })]],
      [`account-${zoe}`, accountEvents(zoe, { first: 'Zoé', last: 'Durand', email: 'zoe.durand@chu-nantes.fr' }, '198.51.100.9')],
      [`notification-${randomUUID()}`, [event('notification.sent', { accountId: zoe, to: 'zoe.durand@chu-nantes.fr', template: 'invitation' })]],
    ];
    for (const [stream, events] of streams) {
      await plain.append(stream, events, { expectedVersion: 'no-stream' });
      written.set(stream, events);
    }
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    // The first one builds the migrated PGlite template, slow on a loaded machine.
  }, 60_000);
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.destroy();
  });

  const storedText = async () => (await t.db.query<{ t: string }>('select data::text || metadata::text as t from es.events order by position')).rows.map((r) => r.t).join('\n');
  const clearLeft = async () => {
    const text = await storedText();
    return clearValues.filter((value) => text.includes(JSON.stringify(value).slice(1, -1)));
  };
  const heads = async () => new Map((await t.db.query<{ stream_name: string; last_hash: string }>('select stream_name, last_hash from es.streams')).rows.map((r) => [r.stream_name, r.last_hash]));
  const records = async (): Promise<RecordedEvent[]> => (await plain.readAll({ eventTypes: [LOG_SEALED_EVENT_TYPE] })).filter((e) => e.stream.startsWith('personal-data-migration-'));
  const recordedHeads = (events: RecordedEvent[]) => events.flatMap((e) => (e.data as { heads: ChainHeadChange[] }).heads);
  const expectOriginalsReadBack = async () => {
    for (const [stream, events] of written) {
      const read = await ctx.store.readStream(stream);
      expect(read.map((e) => ({ data: e.data, metadata: e.metadata }))).toEqual(events.map((e) => ({ data: e.data, metadata: e.metadata })));
    }
  };
  const personalStreams = () => [...written.keys()].filter((s) => !s.startsWith('employer-'));

  it('given a log in clear, when sealed, then no clear value is left, readers get the originals, the chain verifies and the run is recorded; a second run changes nothing', async () => {
    const before = await heads();
    expect(await clearLeft()).toEqual(clearValues);

    expect(await sealLogCommand(ctx, { batchSize: 2 })).toBe(0);

    expect(await clearLeft()).toEqual([]);
    await expectOriginalsReadBack();
    expect(await plain.verify()).toMatchObject({ ok: true, eventsChecked: 9 }); // and the record
    const [record, ...others] = await records();
    expect(others).toEqual([]);
    const after = await heads();
    expect(record!.stream).toMatch(/^personal-data-migration-[0-9a-f-]{36}$/);
    expect(record!.data).toMatchObject({ streamsChanged: 3, eventsChanged: 5, eventsRead: 8, completed: true, part: 1, parts: 1 });
    const data = record!.data as { startedAt: string; finishedAt: string };
    expect(Date.parse(data.finishedAt)).toBeGreaterThanOrEqual(Date.parse(data.startedAt));
    expect(recordedHeads([record!]).sort((a, b) => a.stream.localeCompare(b.stream))).toEqual(
      personalStreams()
        .map((stream) => ({ stream, before: before.get(stream), after: after.get(stream) }))
        .sort((a, b) => a.stream.localeCompare(b.stream)),
    );
    // The employer's stream had nothing personal: untouched.
    const employer = [...written.keys()].find((s) => s.startsWith('employer-'))!;
    expect(after.get(employer)).toBe(before.get(employer));
    expect(out.at(-1)).toMatch(/^Journal scellé : 5 événement\(s\) réécrit\(s\) dans 3 flux sur 8 lus, en .* s ; chaîne d’intégrité vérifiée \(9 événements\)\. Trace : personal-data-migration-/);

    const rows = (await t.db.query('select * from es.events order by position')).rows;
    expect(await sealLogCommand(ctx, {})).toBe(0);
    expect((await t.db.query('select * from es.events order by position')).rows).toEqual(rows);
    expect(await records()).toHaveLength(1);
    expect(out.at(-1)).toMatch(/^Journal déjà scellé : aucune valeur personnelle en clair parmi 9 événement\(s\)/);
  });

  it('given a run cut after its first batch, when run again, then the log ends sealed and verified, and the two records together cover every changed stream', async () => {
    const before = await heads();
    const cut = sealLogCommand(ctx, { batchSize: 3 }, {
      afterBatch: (batch) => {
        if (batch === 1) throw new Error('coupure après le premier lot');
      },
    });
    await expect(cut).rejects.toThrow('coupure après le premier lot');
    // The committed batch left verifiable chains, and values of later streams still in clear.
    expect(await plain.verify()).toMatchObject({ ok: true });
    expect((await clearLeft()).length).toBeGreaterThan(0);
    const [partial] = await records();
    expect(partial!.data).toMatchObject({ completed: false });

    expect(await sealLogCommand(ctx, { batchSize: 3 })).toBe(0);

    expect(await clearLeft()).toEqual([]);
    await expectOriginalsReadBack();
    expect(await plain.verify()).toMatchObject({ ok: true });
    const all = await records();
    expect(all.map((e) => (e.data as { completed: boolean }).completed)).toEqual([false, true]);
    const after = await heads();
    expect(recordedHeads(all).sort((a, b) => a.stream.localeCompare(b.stream))).toEqual(
      personalStreams()
        .map((stream) => ({ stream, before: before.get(stream), after: after.get(stream) }))
        .sort((a, b) => a.stream.localeCompare(b.stream)),
    );
    expect(all.reduce((n, e) => n + (e.data as { eventsChanged: number }).eventsChanged, 0)).toBe(5);
  });

  it('given a stream altered before the run, then it refuses that batch (exit 1), says so in French and leaves the altered stream as it was', async () => {
    const jean = [...written.keys()].find((s) => s.startsWith('account-'))!;
    await t.db.query(`update es.events set data = jsonb_set(data, '{lastName}', '"Autre"') where stream_name = $1 and stream_version = 1`, [jean]);
    const altered = (await t.db.query('select * from es.events where stream_name = $1 order by stream_version', [jean])).rows;

    expect(await sealLogCommand(ctx, { batchSize: 1 })).toBe(1);

    expect(err.at(-1)).toMatch(new RegExp(`^La chaîne d’intégrité du flux ${jean} est rompue à la version 1 : rien n’a été réécrit dans ce lot\\.`));
    expect((await t.db.query('select * from es.events where stream_name = $1 order by stream_version', [jean])).rows).toEqual(altered);
  });

  it('given KURRENTDB_URL or a bad batch size, then a French error, exit 2 and nothing changes', async () => {
    const rows = (await t.db.query('select * from es.events order by position')).rows;
    expect(await sealLogCommand(ctx, { kurrentDbUrl: 'kurrentdb://127.0.0.1:2113?tls=false' })).toBe(2);
    expect(await sealLogCommand(ctx, { batchSize: 0 })).toBe(2);
    expect(err).toEqual([expect.stringMatching(/^personal-data:seal-log réécrit le journal du magasin SQL .* KURRENTDB_URL est défini/), 'Taille de lot invalide : 0 (attendu : un entier positif).']);
    expect((await t.db.query('select * from es.events order by position')).rows).toEqual(rows);
    expect(await records()).toEqual([]);
  });
});
