import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDatabaseKinds } from '@peps/sql/testing';
import { ProcessManagerRunner } from '../runtime/process-manager-runner.js';
import { letterStream } from '@peps/domain';
import { createProcessManagerTestDatabase } from '../testing/pm-test-database.js';
import { seedAccount, seedEmployer, toNew } from '../testing/scenario.js';
import { retryEffect } from '../runtime/effect-queue.js';
import { sendLetterToMailroom } from './letter-mailroom.js';
import { letterManager } from './letter-manager.js';
import { letterPath, readLetter } from './letter-storage.js';
import { readAllCommitted } from '@peps/event-store/testing';

const T0 = '2020-03-12T09:41:00.000Z';

function pdfText(pdf: Buffer, folder: string): string {
  const file = join(folder, `read-${randomUUID()}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

describe.each(testDatabaseKinds())('letter manager on %s', (kind) => {
  let database: Awaited<ReturnType<typeof createProcessManagerTestDatabase>>;
  let dataDir: string;

  beforeEach(async () => {
    database = await createProcessManagerTestDatabase(kind);
    dataDir = mkdtempSync(join(tmpdir(), 'peps-letters-'));
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const runner = () => new ProcessManagerRunner(letterManager({ store: database.store, db: database.db, dataDir }), database.store, database.db);

  it('writes the letter to the legal representative when an administrator is created, once, readable with pdftotext', async () => {
    const employerId = await seedEmployer(database.store, T0);
    const creatorId = randomUUID();
    await seedAccount(database.store, { employerId, accountId: creatorId, profile: 'user', firstName: 'Pierre', identifier: 'PLO000438', createdAt: T0 });
    const jean = await seedAccount(database.store, {
      employerId,
      profile: 'administrator',
      professionalAddress: ['Direction des ressources humaines', '5 allée de l’Île Gloriette', '44093 NANTES CEDEX 1'],
      createdBy: { kind: 'account', accountId: creatorId, roles: ['administrator'], employerId },
      createdAt: T0,
    });
    await runner().runOnce();

    const generated = await readAllCommitted(database.store, { eventTypes: ['letter.generated'] });
    expect(generated).toHaveLength(1); // the user creator called for no letter
    const letter = generated[0];
    const data = letter.data as Record<string, unknown>;
    expect(letter.stream).toBe(letterStream(data.letterId as string));
    expect(data).toMatchObject({ kind: 'created', employerId, accountId: jean.accountId, legalRepresentative: { lastName: 'Dupont' } });
    const path = letterPath(dataDir, data.letterId as string);
    expect(data.path).toBe(path);
    expect(existsSync(path)).toBe(true);
    const fromDb = await readLetter(database.db, dataDir, data.letterId as string);
    expect(fromDb!.equals(readFileSync(path))).toBe(true);
    expect(fromDb!.length).toBe(data.size);

    const text = pdfText(fromDb!, dataDir);
    const flat = text.replace(/\s+/g, ' ');
    for (const expected of ['Direction des Retraites et de la Solidarité', 'Philippe DUPONT', 'CHRU DE NANTES VP201', '44035 NANTES CEDEX 1', 'LOUTY', 'JLO000439', 'jean.louty@chu-nantes.fr', '12 mars 2020']) {
      expect(flat).toContain(expected);
    }
    // Recipient block within the postal norm: every line of it at most 38 characters.
    const block = ['Monsieur Philippe DUPONT', 'CHRU DE NANTES VP201', '5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'];
    for (const line of block) {
      expect(line.length).toBeLessThanOrEqual(38);
      expect(flat).toContain(line);
    }

    // A replay writes no second letter.
    await database.db.query(`update pm.checkpoints set transaction_id = '0', position = 0`);
    await runner().runOnce();
    expect(await readAllCommitted(database.store, { eventTypes: ['letter.generated'] })).toHaveLength(1);

    // generated → sent-to-mailroom, once.
    const by = { actor: 'drs-1', now: new Date('2020-03-13T08:00:00.000Z') };
    expect(await sendLetterToMailroom(database.store, data.letterId as string, by)).toBe('sent-to-mailroom');
    expect(await sendLetterToMailroom(database.store, data.letterId as string, by)).toBe('already-sent');
    expect(await sendLetterToMailroom(database.store, randomUUID(), by)).toBe('not-found');
  });

  it('writes a letter when a user is promoted', async () => {
    const employerId = await seedEmployer(database.store, T0);
    const jean = await seedAccount(database.store, { employerId, profile: 'user', createdAt: T0 });
    const promotedAt = '2020-05-04T10:00:00.000Z';
    await database.store.append(
      `account-${jean.accountId}`,
      [
        {
          id: randomUUID(),
          type: 'account.promoted-to-administrator',
          schemaVersion: 1,
          data: {
            accountId: jean.accountId,
            employerId,
            identifier: 'JLO000439',
            holder: { civility: 'monsieur', lastName: 'Louty', firstName: 'Jean', email: 'jean.louty@chu-nantes.fr', phone: null, professionalAddress: ['1 place Royale', '44000 NANTES'] },
            promotedBy: { kind: 'system' },
            promotedAt,
          },
          metadata: { actor: 'system', correlationId: randomUUID(), occurredAt: promotedAt },
        },
      ],
      { expectedVersion: 'stream-exists' },
    );
    await runner().runOnce();
    const [generated] = await readAllCommitted(database.store, { eventTypes: ['letter.generated'] });
    expect(generated.data).toMatchObject({ kind: 'promoted', accountId: jean.accountId });
    const text = pdfText((await readLetter(database.db, dataDir, (generated.data as { letterId: string }).letterId))!, dataDir);
    expect(text.replace(/\s+/g, ' ')).toContain('4 mai 2020');
  });

  it('given an employer address starting with its name, when the letter is written, then the name is printed once and the reference to quote is the short one', async () => {
    const employerId = randomUUID();
    await database.store.append(
      `employer-${employerId}`,
      [
        {
          id: randomUUID(),
          type: 'employer.registered',
          schemaVersion: 1,
          data: {
            employerId,
            name: 'CHRU DE NANTES VP201',
            siret: '26440013600018',
            legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' },
            // With the name and the employer, 7 lines if the first line were printed: the norm allows 6.
            address: ['Chru de Nantes VP201', 'DIRECTION GENERALE', '5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'],
            defaultRights: {},
            rightsCatalogueVersion: 1,
            registeredBy: { kind: 'system' },
            registeredAt: T0,
          },
          metadata: { actor: 'system', correlationId: randomUUID(), occurredAt: T0 },
        },
      ],
      { expectedVersion: 'no-stream' },
    );
    await seedAccount(database.store, { employerId, profile: 'administrator', createdAt: T0 });
    await runner().runOnce();
    const [generated] = await readAllCommitted(database.store, { eventTypes: ['letter.generated'] });
    const data = generated.data as { letterId: string; reference: string };
    expect(data.reference).toMatch(/^ADM-2020-\d{6}$/);
    const flat = pdfText((await readLetter(database.db, dataDir, data.letterId))!, dataDir).replace(/\s+/g, ' ');
    // Generated at all: 6 lines fit; the address's own first line (as typed) is not printed.
    expect(flat).not.toContain('Chru de Nantes VP201');
    expect(flat).toContain('DIRECTION GENERALE');
    expect(flat).toContain(`Référence : ${data.reference}`);
    expect(flat).not.toContain(data.letterId);
  });

  it('given a letter given up for an address outside the norm, when the DRS corrects the recipient and retries it, then the letter is written to the corrected one', async () => {
    // Written before the recipient rule: with the name and the employer, 8 lines where the norm allows 6.
    const legacy = ['DIRECTION GENERALE', 'SERVICE DU COURRIER', 'BATIMENT A', '5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'];
    const employerId = await seedEmployer(database.store, T0, randomUUID(), legacy);
    await seedAccount(database.store, { employerId, profile: 'administrator', createdAt: T0 });
    await runner().runOnce();
    const [failed] = await readAllCommitted(database.store, { eventTypes: ['letter.failed'] });
    const letterId = (failed.data as { letterId: string }).letterId;
    expect(await readAllCommitted(database.store, { eventTypes: ['letter.generated'] })).toHaveLength(0);

    const corrected = ['5 ALLEE DE L ILE GLORIETTE', '44093 NANTES CEDEX 1'];
    const [employerHead] = (await database.store.readStream(`employer-${employerId}`)).slice(-1);
    await database.store.append(
      `employer-${employerId}`,
      [
        toNew(
          {
            type: 'employer.legal-representative-corrected',
            data: {
              employerId,
              legalRepresentative: { civility: 'madame', lastName: 'Durand', firstName: 'Claire', function: 'Directrice générale' },
              address: corrected,
              previous: { legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' }, address: legacy },
              correctedBy: { kind: 'account', accountId: randomUUID(), roles: ['drs'] },
              correctedAt: '2020-03-13T09:00:00.000Z',
            },
          },
          '2020-03-13T09:00:00.000Z',
        ),
      ],
      { expectedVersion: employerHead.version },
    );
    expect(await retryEffect(database.db, letterId)).toBe(true);
    await runner().runOnce();

    const [generated] = await readAllCommitted(database.store, { eventTypes: ['letter.generated'] });
    const data = generated.data as { letterId: string; address: string[]; legalRepresentative: { lastName: string }; path: string };
    expect(data.letterId).toBe(letterId);
    expect(data.address).toEqual(corrected);
    expect(data.legalRepresentative.lastName).toBe('Durand');
    const flat = pdfText(readFileSync(data.path), dataDir);
    expect(flat).toContain('Madame Claire DURAND');
    expect(flat).toContain('Directrice générale');
    expect(flat).toContain('44093 NANTES CEDEX 1');
    expect(flat).not.toContain('SERVICE DU COURRIER');
  });
});
