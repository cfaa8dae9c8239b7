import { randomUUID } from 'node:crypto';
import { DomainError, MAX_PASSKEYS, RECOVERY_CODE_COUNT, type Passkey, type SecondFactorMethod } from '@peps/domain';
import { openValue, sealValue, type KeyVault } from '@peps/personal-data';
import type { Operator } from '@peps/runtime';
import type { SqlDatabase } from '@peps/sql';
import type { PasskeyHolder, RegisteredCredential } from './methods/passkey-ceremonies.js';
import { isoOf } from './operator-workstations.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An operator's authenticator app and recovery codes, as `GET /api/me/second-factor` shows them. */
export interface OperatorTotpSummary {
  enrolledAt: string | null;
  recoveryCodesLeft: number;
}

/** An operator's passkey, with its id (what `auth.operator_passkeys` keeps). */
export type OperatorPasskey = Passkey & { passkeyId: string };

/**
 * Operators are not event-sourced (auth.operators), so their authenticator app, recovery codes and passkeys live in
 * `auth.operator_totp`, `auth.operator_recovery_codes` and `auth.operator_passkeys`. The app's secret is sealed with
 * the operator's own key from the key vault (never stored in clear), recovery codes are digests. Each use is one
 * conditional statement, so that two verifications racing with the same step, code or counter let one through.
 */
export class OperatorSecondFactors {
  constructor(
    private readonly db: SqlDatabase,
    private readonly vault: KeyVault,
  ) {}

  /** The methods the operator may answer a challenge with (the same order as an account's). */
  async methodsOf(operator: Operator): Promise<SecondFactorMethod[]> {
    const methods: SecondFactorMethod[] = operator.email ? ['email'] : [];
    const totp = await this.totpOf(operator.accountId);
    if (totp.enrolledAt) methods.push('totp');
    if ((await this.passkeysOf(operator.accountId)).length > 0) methods.push('passkey');
    if (totp.enrolledAt && totp.recoveryCodesLeft > 0) methods.push('recovery');
    return methods;
  }

  async totpOf(operatorId: string): Promise<OperatorTotpSummary> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      `select t.enrolled_at, (select count(*) from auth.operator_recovery_codes r where r.operator_id = t.operator_id and r.used_at is null)::int as left_codes
         from auth.operator_totp t where t.operator_id = $1`,
      [operatorId],
    );
    const row = rows[0];
    if (!row || row.enrolled_at === null) return { enrolledAt: null, recoveryCodesLeft: 0 };
    return { enrolledAt: isoOf(row.enrolled_at), recoveryCodesLeft: Number(row.left_codes) };
  }

  /** Starting again replaces an enrolment never confirmed (a QR code never scanned); an enrolled app must be removed first. */
  async startTotp(operatorId: string, secret: string, now: Date): Promise<void> {
    const sealed = sealValue(operatorId, await this.vault.keyFor(operatorId, now), secret);
    const { rows } = await this.db.query(
      `insert into auth.operator_totp (operator_id, sealed_secret, started_at) values ($1, $2, $3)
       on conflict (operator_id) do update set sealed_secret = excluded.sealed_secret, started_at = excluded.started_at
         where auth.operator_totp.enrolled_at is null
       returning operator_id`,
      [operatorId, sealed, now.toISOString()],
    );
    if (rows.length === 0) throw new DomainError('second-factor.totp-already-enrolled');
  }

  /** The secret of the enrolment under way (`pending`) or of the enrolled app; null when there is none (or its key was erased). */
  async totpSecret(operatorId: string, which: 'pending' | 'enrolled'): Promise<string | null> {
    const { rows } = await this.db.query<{ sealed_secret: string }>(
      `select sealed_secret from auth.operator_totp where operator_id = $1 and (enrolled_at is null) = $2`,
      [operatorId, which === 'pending'],
    );
    if (!rows[0]) return null;
    const key = await this.vault.keyIfAny(operatorId);
    if (!key || key === 'erased') return null;
    try {
      return openValue(rows[0].sealed_secret, key);
    } catch {
      // A value sealed for someone else, or altered: it matches nothing.
      return null;
    }
  }

  /**
   * A first code from the app (`step`, the one it matched) proves it was set up: the enrolment is complete, the step
   * counts as used, and the recovery codes replace any earlier ones.
   */
  async confirmTotp(operatorId: string, step: number | null, recoveryCodeDigests: string[], now: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ enrolled_at: unknown }>('select enrolled_at from auth.operator_totp where operator_id = $1 for update', [operatorId]);
      if (!rows[0]) throw new DomainError('second-factor.no-pending-enrolment');
      if (rows[0].enrolled_at !== null) throw new DomainError('second-factor.totp-already-enrolled');
      if (step === null || !Number.isSafeInteger(step) || step < 0) {
        throw new DomainError('second-factor.invalid-code', [{ field: 'code', message: "Le code saisi n'est pas valide." }]);
      }
      if (recoveryCodeDigests.length !== RECOVERY_CODE_COUNT || new Set(recoveryCodeDigests).size !== RECOVERY_CODE_COUNT) {
        throw new Error(`an operator's app comes with ${RECOVERY_CODE_COUNT} distinct recovery codes`);
      }
      await tx.query('update auth.operator_totp set enrolled_at = $2, last_used_step = $3 where operator_id = $1', [operatorId, now.toISOString(), step]);
      await tx.query('delete from auth.operator_recovery_codes where operator_id = $1', [operatorId]);
      for (const digest of recoveryCodeDigests) {
        await tx.query('insert into auth.operator_recovery_codes (operator_id, code_digest) values ($1, $2)', [operatorId, digest]);
      }
    });
  }

  /** Removes the enrolled app with its recovery codes. */
  async removeTotp(operatorId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      const { rows } = await tx.query('delete from auth.operator_totp where operator_id = $1 and enrolled_at is not null returning operator_id', [operatorId]);
      if (rows.length === 0) throw new DomainError('second-factor.totp-not-enrolled');
      await tx.query('delete from auth.operator_recovery_codes where operator_id = $1', [operatorId]);
    });
  }

  /** True when `step` is newer than the last one used, which it becomes: the same code (or an older one) twice is a replay. */
  async useTotpStep(operatorId: string, step: number | null): Promise<boolean> {
    if (step === null || !Number.isSafeInteger(step) || step < 0) return false;
    const { rows } = await this.db.query(
      'update auth.operator_totp set last_used_step = $2 where operator_id = $1 and enrolled_at is not null and last_used_step < $2 returning operator_id',
      [operatorId, step],
    );
    return rows.length > 0;
  }

  /** True when the digest is one of the operator's unused codes (and the app still enrolled): it is used up. */
  async useRecoveryCode(operatorId: string, codeDigest: string, now: Date): Promise<boolean> {
    const { rows } = await this.db.query(
      `update auth.operator_recovery_codes r set used_at = $3
        where r.operator_id = $1 and r.code_digest = $2 and r.used_at is null
          and exists (select 1 from auth.operator_totp t where t.operator_id = r.operator_id and t.enrolled_at is not null)
        returning r.code_digest`,
      [operatorId, codeDigest, now.toISOString()],
    );
    return rows.length > 0;
  }

  /** The operator as the WebAuthn ceremonies see them (the same ones as for accounts). */
  async passkeyHolderOf(operator: Operator): Promise<PasskeyHolder> {
    const passkeys = await this.passkeysOf(operator.accountId);
    return { userId: operator.accountId, userName: operator.identifier, displayName: operator.displayName, passkeys: passkeys.map((passkey) => [passkey.passkeyId, passkey]) };
  }

  async passkeysOf(operatorId: string): Promise<OperatorPasskey[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      'select * from auth.operator_passkeys where operator_id = $1 order by registered_at, passkey_id',
      [operatorId],
    );
    return rows.map((row) => ({
      passkeyId: String(row.passkey_id),
      credentialId: String(row.credential_id),
      publicKey: String(row.public_key),
      counter: Number(row.counter),
      transports: Array.isArray(row.transports) ? row.transports.map(String) : String(row.transports ?? '').replace(/^\{|\}$/g, '').split(',').filter(Boolean),
      name: String(row.name),
      registeredAt: isoOf(row.registered_at),
      lastUsedAt: row.last_used_at === null ? null : isoOf(row.last_used_at),
    }));
  }

  /** After the platform verified the registration ceremony; `name` is already validated. */
  async addPasskey(operatorId: string, credential: RegisteredCredential, name: string, now: Date): Promise<OperatorPasskey> {
    const passkeyId = randomUUID();
    await this.db.transaction(async (tx) => {
      // One operator registering twice at once: the lock keeps the count right.
      await tx.query('select account_id from auth.operators where account_id = $1 for update', [operatorId]);
      const { rows } = await tx.query<{ n: number; known: boolean }>(
        `select (select count(*) from auth.operator_passkeys where operator_id = $1)::int as n,
                exists (select 1 from auth.operator_passkeys where credential_id = $2) as known`,
        [operatorId, credential.credentialId],
      );
      if (rows[0]!.known) throw new DomainError('second-factor.passkey-already-registered');
      if (Number(rows[0]!.n) >= MAX_PASSKEYS) throw new DomainError('second-factor.too-many-passkeys');
      await tx.query(
        `insert into auth.operator_passkeys (passkey_id, operator_id, credential_id, public_key, counter, transports, name, registered_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [passkeyId, operatorId, credential.credentialId, credential.publicKey, credential.counter, credential.transports, name, now.toISOString()],
      );
    });
    return { passkeyId, ...credential, name, registeredAt: now.toISOString(), lastUsedAt: null };
  }

  async removePasskey(operatorId: string, passkeyId: string): Promise<void> {
    // An id from a URL that is no UUID names no passkey (and must not reach a uuid column).
    const { rows } = UUID.test(passkeyId)
      ? await this.db.query('delete from auth.operator_passkeys where operator_id = $1 and passkey_id = $2 returning passkey_id', [operatorId, passkeyId])
      : { rows: [] };
    if (rows.length === 0) throw new DomainError('second-factor.passkey-unknown');
  }

  /**
   * The signature counter must grow (WebAuthn: otherwise a cloned authenticator), unless the authenticator keeps
   * none (0 both sides). True when the passkey answered and is now recorded as used.
   */
  async usePasskey(operatorId: string, passkeyId: string, newCounter: number, now: Date): Promise<boolean> {
    if (!UUID.test(passkeyId) || !Number.isSafeInteger(newCounter) || newCounter < 0) return false;
    const { rows } = await this.db.query(
      `update auth.operator_passkeys set counter = $3, last_used_at = $4
        where operator_id = $1 and passkey_id = $2 and (counter < $3 or ($3 = 0 and counter = 0))
        returning passkey_id`,
      [operatorId, passkeyId, newCounter, now.toISOString()],
    );
    return rows.length > 0;
  }
}
