import { jest } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { KeyVault, masterKeyOf, openValue, parseMasterKey, personalDataMigrations, sealValue } from '@peps/personal-data';
import { migrate } from '@peps/sql';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { rotateMasterKeyCommand } from './rotate-master-key.js';

describe.each(testDatabaseKinds())('CLI personal-data:rotate-master-key on %s', (kind) => {
  let t: TestDatabase;
  let out: string[];
  let err: string[];
  const at = new Date('2026-12-02T09:00:00.000Z');
  const previous = randomBytes(32).toString('hex');
  const current = randomBytes(32).toString('hex');

  beforeEach(async () => {
    t = await createTestDatabase(kind, (db) => migrate(db, 'personal-data', personalDataMigrations).then(() => undefined), 'personal-data');
    out = [];
    err = [];
    jest.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    jest.spyOn(console, 'error').mockImplementation((line: unknown) => void err.push(String(line)));
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await t.destroy();
  });

  it('given keys under the previous master key, when rotated, then every value opens with the new key alone', async () => {
    const before = new KeyVault(t.db, [parseMasterKey(previous)]);
    const subjects = Array.from({ length: 5 }, () => randomUUID());
    const sealed = await Promise.all(subjects.map(async (s) => sealValue(s, await before.keyFor(s, at), `courriel-${s}@chu.fr`)));
    expect(await rotateMasterKeyCommand(t.db, { current, previous }, 2)).toBe(0);
    expect(out.join('\n')).toMatch(/5 clé\(s\) ré-enveloppée\(s\)/);
    const after = new KeyVault(t.db, [parseMasterKey(current)]);
    for (const [i, s] of subjects.entries()) expect(openValue(sealed[i]!, (await after.keyIfAny(s)) as Buffer)).toBe(`courriel-${s}@chu.fr`);
    // Run again (after a crash, say): nothing left to do.
    expect(await rotateMasterKeyCommand(t.db, { current, previous })).toBe(0);
    expect(out.at(-1)).toMatch(/^Clé maîtresse changée : 0 clé/);
  });

  it('given no previous key, the same key twice or a malformed key, then a French error and nothing changes', async () => {
    const vault = new KeyVault(t.db, [parseMasterKey(previous)]);
    await vault.keyFor(randomUUID(), at);
    const { rows: before } = await t.db.query('select * from pd.subject_keys');
    expect(await rotateMasterKeyCommand(t.db, { current })).toBe(2);
    expect(await rotateMasterKeyCommand(t.db, { current: previous, previous })).toBe(2);
    expect(await rotateMasterKeyCommand(t.db, { current: 'court', previous })).toBe(2);
    expect(err).toEqual([
      expect.stringMatching(/PEPS_MASTER_KEY_PREVIOUS est obligatoire/),
      expect.stringMatching(/la même clé/),
      expect.stringMatching(/32 octets/),
    ]);
    expect((await t.db.query('select * from pd.subject_keys')).rows).toEqual(before);
    expect(masterKeyOf(Buffer.from(previous, 'hex')).id).toBe(parseMasterKey(previous).id);
  });
});
