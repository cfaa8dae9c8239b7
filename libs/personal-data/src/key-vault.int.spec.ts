import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { migrate } from '@peps/sql';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { openValue, sealValue } from './field-cipher.js';
import { KeyVault, SubjectErasedError, type RotationProgress } from './key-vault.js';
import { masterKeyOf } from './master-key.js';
import { personalDataMigrations } from './migrations.js';

describe.each(testDatabaseKinds())('KeyVault on %s', (kind) => {
  let database: TestDatabase;
  const at = new Date('2026-12-02T09:00:00.000Z');
  const oldMaster = masterKeyOf(randomBytes(32));
  const newMaster = masterKeyOf(randomBytes(32));

  beforeEach(async () => {
    database = await createTestDatabase(kind, (db) => migrate(db, 'personal-data', personalDataMigrations).then(() => undefined), 'personal-data');
  });
  afterEach(() => database.destroy());

  it('given a new person, when a key is asked twice, then one key, stored wrapped (never in clear)', async () => {
    const vault = new KeyVault(database.db, [oldMaster], { cacheMs: 0 });
    const subject = randomUUID();
    const key = await vault.keyFor(subject, at);
    expect((await vault.keyFor(subject, at)).equals(key)).toBe(true);
    const { rows } = await database.db.query<{ wrapped_key: Uint8Array }>('select wrapped_key from pd.subject_keys');
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]!.wrapped_key).includes(key)).toBe(false);
  });

  it('given keys prepared in bulk, then keyFor answers them as stored, creates none, and none is prepared for an erased person or owner', async () => {
    const vault = new KeyVault(database.db, [oldMaster]);
    const [known, fresh, erased, erasedOwner, owned] = Array.from({ length: 5 }, () => randomUUID());
    const knownKey = await vault.keyFor(known!, at);
    await vault.destroy(erased!, at);
    await vault.destroy(erasedOwner!, at);
    const month = { purpose: 'source-address', period: '2026-12' };
    await vault.prepareKeys([
      { subjectId: known!, at },
      { subjectId: fresh!, at },
      { subjectId: fresh!, at },
      { subjectId: erased!, at },
      { subjectId: owned!, at, owned: { ownerId: erasedOwner!, ...month } },
    ]);
    const { rows } = await database.db.query<{ subject_id: string; owner_id: string | null; wrapped: boolean }>(
      'select subject_id::text, owner_id::text, wrapped_key is not null as wrapped from pd.subject_keys',
    );
    const bySubject = (a: { subject_id?: string }, b: { subject_id?: string }) => (a.subject_id! < b.subject_id! ? -1 : 1);
    expect(rows.sort(bySubject)).toEqual(
      [
        { subject_id: known, owner_id: null, wrapped: true },
        { subject_id: fresh, owner_id: null, wrapped: true },
        { subject_id: erased, owner_id: null, wrapped: false },
        { subject_id: erasedOwner, owner_id: null, wrapped: false },
      ].sort(bySubject),
    );
    expect((await vault.keyFor(known!, at)).equals(knownKey)).toBe(true);
    // Another process (no cache) unwraps the very key this one prepared.
    const prepared = await vault.keyFor(fresh!, at);
    expect(((await new KeyVault(database.db, [oldMaster]).keyIfAny(fresh!)) as Buffer).equals(prepared)).toBe(true);
    await expect(vault.keyFor(owned!, at, { ownerId: erasedOwner!, ...month })).rejects.toBeInstanceOf(SubjectErasedError);
    expect((await database.db.query('select 1 from pd.subject_keys')).rows).toHaveLength(4);
  });

  it('given a destroyed key, when reading what it sealed, then erased; no key is created again; destroy twice is harmless', async () => {
    const vault = new KeyVault(database.db, [oldMaster]);
    const subject = randomUUID();
    const sealed = sealValue(subject, await vault.keyFor(subject, at), 'jean.louty@chu.fr');
    expect(await vault.destroy(subject, at)).toBe(true);
    expect(await vault.keyIfAny(subject)).toBe('erased');
    await expect(vault.keyFor(subject, at)).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await vault.destroy(subject, at)).toBe(false);
    // Another process's vault, with no cache: the same answer.
    expect(await new KeyVault(database.db, [oldMaster]).keyIfAny(subject)).toBe('erased');
    const { rows } = await database.db.query<{ wrapped_key: unknown; destroyed_at: unknown }>('select wrapped_key, destroyed_at from pd.subject_keys');
    expect(rows).toEqual([{ wrapped_key: null, destroyed_at: expect.anything() }]);
    expect(sealed).not.toContain('louty');
  });

  it('given a person who never had a key, when destroyed, then none can be created afterwards', async () => {
    const vault = new KeyVault(database.db, [oldMaster]);
    const subject = randomUUID();
    expect(await vault.keyIfAny(subject)).toBeUndefined();
    expect(await vault.destroy(subject, at)).toBe(true);
    await expect(vault.keyFor(subject, at)).rejects.toBeInstanceOf(SubjectErasedError);
  });

  it('given keys under the old master key, when rotated in batches, then all re-wrapped with progress, values still open, the old master no longer needed', async () => {
    const before = new KeyVault(database.db, [oldMaster]);
    const subjects = Array.from({ length: 7 }, () => randomUUID());
    const sealed = new Map<string, string>();
    for (const subject of subjects) sealed.set(subject, sealValue(subject, await before.keyFor(subject, at), `valeur de ${subject}`));
    await before.destroy(subjects[0]!, at);

    const seen: RotationProgress[] = [];
    const rotating = new KeyVault(database.db, [newMaster, oldMaster]);
    expect(await rotating.rotate({ batchSize: 2, onProgress: (p) => seen.push(p) })).toEqual({ done: 6, total: 6 });
    expect(seen).toEqual([
      { done: 0, total: 6 },
      { done: 2, total: 6 },
      { done: 4, total: 6 },
      { done: 6, total: 6 },
    ]);
    // Nothing left to do: a second run (after a crash, say) is a no-op.
    expect(await rotating.rotate()).toEqual({ done: 0, total: 0 });

    const after = new KeyVault(database.db, [newMaster]);
    expect(await after.keyIfAny(subjects[0]!)).toBe('erased');
    for (const subject of subjects.slice(1)) {
      expect(openValue(sealed.get(subject)!, (await after.keyFor(subject, at)) as Buffer)).toBe(`valeur de ${subject}`);
    }
    const { rows } = await database.db.query<{ master_key_id: string | null }>('select distinct master_key_id from pd.subject_keys');
    expect(rows.map((r) => r.master_key_id).sort()).toEqual([newMaster.id, null].sort());
  });

  it('given a key wrapped by a master key this process was not given, when read, then a clear error rather than a wrong key', async () => {
    const subject = randomUUID();
    await new KeyVault(database.db, [oldMaster]).keyFor(subject, at);
    await expect(new KeyVault(database.db, [newMaster]).keyIfAny(subject)).rejects.toThrow(/master key/);
  });

  it('given a key another process destroyed, then this one opens nothing with it after cacheMs and may seal with it until sealCacheMs (what it seals then opens nowhere)', async () => {
    let now = 0;
    const vault = new KeyVault(database.db, [oldMaster], { cacheMs: 5_000, sealCacheMs: 600_000, nowMs: () => now });
    const subject = randomUUID();
    await vault.keyFor(subject, at);
    await new KeyVault(database.db, [oldMaster]).destroy(subject, at);
    now = 6_000;
    expect(await vault.keyIfAny(subject)).toBe('erased');
    const other = randomUUID();
    const otherKey = await vault.keyFor(other, at);
    await new KeyVault(database.db, [oldMaster]).destroy(other, at);
    now = 12_000;
    // Sealing within its longer life: the value is written, and no process can open it.
    expect((await vault.keyFor(other, at)).equals(otherKey)).toBe(true);
    expect(await new KeyVault(database.db, [oldMaster]).keyIfAny(other)).toBe('erased');
    // Past it, the destruction is seen when sealing too.
    now = 620_000;
    await expect(vault.keyFor(other, at)).rejects.toBeInstanceOf(SubjectErasedError);
    expect(await vault.keyIfAny(other)).toBe('erased');
  });
});
