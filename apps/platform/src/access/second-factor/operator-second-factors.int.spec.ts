import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { randomBytes, randomUUID } from 'node:crypto';
import { KeyVault, masterKeyOf, personalDataMigrations } from '@peps/personal-data';
import { migrateAuthSchema } from '@peps/runtime';
import { migrate } from '@peps/sql';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from '@peps/sql/testing';
import { digestRecoveryCode, newRecoveryCodes } from './methods/codes.js';
import { newTotpSecret } from './methods/totp.js';
import { OperatorSecondFactors } from './operator-second-factors.js';

const credential = (credentialId: string, counter = 0) => ({ credentialId, publicKey: 'cHVibGljLWtleQ', counter, transports: ['internal'] });

describe.each(testDatabaseKinds())('an operator’s means in auth.operator_* on %s', (kind) => {
  let database: TestDatabase;
  let vault: KeyVault;
  let factors: OperatorSecondFactors;
  const now = new Date('2026-12-02T09:00:00.000Z');
  const operatorId = randomUUID();

  beforeEach(async () => {
    database = await createTestDatabase(
      kind,
      async (db) => {
        await migrateAuthSchema(db);
        await migrate(db, 'personal-data', personalDataMigrations);
      },
      'operator-second-factors',
    );
    vault = new KeyVault(database.db, [masterKeyOf(randomBytes(32))], { cacheMs: 0 });
    factors = new OperatorSecondFactors(database.db, vault);
  });
  afterEach(() => database.destroy());

  async function enrolled(step = 100) {
    const secret = newTotpSecret();
    await factors.startTotp(operatorId, secret, now);
    const recovery = newRecoveryCodes();
    await factors.confirmTotp(operatorId, step, recovery.digests, now);
    return { secret, recovery };
  }

  it('given an enrolment, then the secret is sealed with the operator’s key: opened back, and unreadable once that key is destroyed', async () => {
    const secret = newTotpSecret();
    await factors.startTotp(operatorId, secret, now);
    const { rows } = await database.db.query<{ sealed_secret: string }>('select sealed_secret from auth.operator_totp');
    expect(rows[0]!.sealed_secret.startsWith(`pd1.${operatorId}.`)).toBe(true);
    expect(rows[0]!.sealed_secret).not.toContain(secret);
    expect(await factors.totpSecret(operatorId, 'pending')).toBe(secret);
    expect(await factors.totpSecret(operatorId, 'enrolled')).toBeNull();
    await vault.destroy(operatorId, now);
    expect(await factors.totpSecret(operatorId, 'pending')).toBeNull();
  });

  it('given an enrolled app, then a new enrolment is refused, and a confirmation without a matched step changes nothing', async () => {
    await expect(factors.confirmTotp(operatorId, 5, newRecoveryCodes().digests, now)).rejects.toMatchObject({ code: 'second-factor.no-pending-enrolment' });
    await factors.startTotp(operatorId, newTotpSecret(), now);
    await expect(factors.confirmTotp(operatorId, null, newRecoveryCodes().digests, now)).rejects.toMatchObject({ code: 'second-factor.invalid-code' });
    expect(await factors.totpOf(operatorId)).toEqual({ enrolledAt: null, recoveryCodesLeft: 0 });
    await factors.confirmTotp(operatorId, 7, newRecoveryCodes().digests, now);
    await expect(factors.startTotp(operatorId, newTotpSecret(), now)).rejects.toMatchObject({ code: 'second-factor.totp-already-enrolled' });
    expect(await factors.totpOf(operatorId)).toEqual({ enrolledAt: now.toISOString(), recoveryCodesLeft: 10 });
  });

  it('accepts only steps newer than the last one used (the confirmation’s included): a replay or an older step is refused', async () => {
    await enrolled(100);
    expect(await factors.useTotpStep(operatorId, 100)).toBe(false);
    expect(await factors.useTotpStep(operatorId, 99)).toBe(false);
    expect(await factors.useTotpStep(operatorId, null)).toBe(false);
    expect(await factors.useTotpStep(operatorId, 101)).toBe(true);
    expect(await factors.useTotpStep(operatorId, 101)).toBe(false);
    // Two verifications racing with the same step: one wins.
    expect((await Promise.all([factors.useTotpStep(operatorId, 102), factors.useTotpStep(operatorId, 102)])).filter(Boolean)).toHaveLength(1);
  });

  it('uses a recovery code once, none of another operator, and none once the app is removed', async () => {
    const { recovery } = await enrolled();
    expect(await factors.useRecoveryCode(randomUUID(), recovery.digests[0]!, now)).toBe(false);
    expect(await factors.useRecoveryCode(operatorId, digestRecoveryCode(recovery.codes[0]!.toLowerCase()), now)).toBe(true);
    expect(await factors.useRecoveryCode(operatorId, recovery.digests[0]!, now)).toBe(false);
    expect((await factors.totpOf(operatorId)).recoveryCodesLeft).toBe(9);
    await factors.removeTotp(operatorId);
    expect(await factors.useRecoveryCode(operatorId, recovery.digests[1]!, now)).toBe(false);
    await expect(factors.removeTotp(operatorId)).rejects.toMatchObject({ code: 'second-factor.totp-not-enrolled' });
  });

  it('records a passkey used only when its counter grows (or stays 0 for an authenticator without one), and refuses a credential twice', async () => {
    const counting = await factors.addPasskey(operatorId, credential('credential-a', 3), 'Clé USB', now);
    expect(await factors.usePasskey(operatorId, counting.passkeyId, 3, now)).toBe(false);
    expect(await factors.usePasskey(operatorId, counting.passkeyId, 2, now)).toBe(false);
    expect(await factors.usePasskey(randomUUID(), counting.passkeyId, 9, now)).toBe(false);
    expect(await factors.usePasskey(operatorId, counting.passkeyId, 4, now)).toBe(true);
    const silent = await factors.addPasskey(operatorId, credential('credential-b'), 'Téléphone', new Date(now.getTime() + 1000));
    expect(await factors.usePasskey(operatorId, silent.passkeyId, 0, now)).toBe(true);
    expect(await factors.usePasskey(operatorId, silent.passkeyId, 0, now)).toBe(true);
    await expect(factors.addPasskey(randomUUID(), credential('credential-a'), 'Copie', now)).rejects.toMatchObject({ code: 'second-factor.passkey-already-registered' });
    const listed = await factors.passkeysOf(operatorId);
    expect(listed.map((passkey) => [passkey.name, passkey.counter, passkey.transports, passkey.lastUsedAt])).toEqual([
      ['Clé USB', 4, ['internal'], now.toISOString()],
      ['Téléphone', 0, ['internal'], now.toISOString()],
    ]);
  });

  it('keeps at most 10 passkeys, and removes only the operator’s own (an id that is no UUID names none)', async () => {
    for (let i = 0; i < 10; i += 1) await factors.addPasskey(operatorId, credential(`credential-${i}`), `Clé ${i}`, now);
    await expect(factors.addPasskey(operatorId, credential('credential-10'), 'Une de trop', now)).rejects.toMatchObject({ code: 'second-factor.too-many-passkeys' });
    const [first] = await factors.passkeysOf(operatorId);
    await expect(factors.removePasskey(randomUUID(), first!.passkeyId)).rejects.toMatchObject({ code: 'second-factor.passkey-unknown' });
    await expect(factors.removePasskey(operatorId, 'constructor')).rejects.toMatchObject({ code: 'second-factor.passkey-unknown' });
    await factors.removePasskey(operatorId, first!.passkeyId);
    expect(await factors.passkeysOf(operatorId)).toHaveLength(9);
  });
});
