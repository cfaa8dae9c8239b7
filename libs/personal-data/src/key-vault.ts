import { randomBytes } from 'node:crypto';
import type { SqlDatabase } from '@peps/sql';
import { KEY_BYTES, open, seal } from './aes-gcm.js';
import type { MasterKey } from './master-key.js';

export class SubjectErasedError extends Error {
  constructor(readonly subjectId: string) {
    super(`the personal data of ${subjectId} were erased: no key is created for them again`);
  }
}

/** A key whose owner's erasure destroys it too. */
export interface OwnedKey {
  ownerId: string | null;
  /** What the key seals, e.g. `source-address`. */
  purpose: string;
  /** `YYYY-MM`: retention destroys whole periods. */
  period: string;
}

export interface RotationProgress {
  done: number;
  total: number;
}

export interface KeyVaultOptions {
  /** Unwrapped keys used to open values this long, 5 s by default (another process may destroy a key meanwhile). */
  cacheMs?: number;
  /**
   * Unwrapped keys used to seal new values this long, 10 minutes by default: a value sealed with a key another
   * process destroyed meanwhile can never be opened (opening keeps `cacheMs`), so the longer life costs no erasure.
   */
  sealCacheMs?: number;
  cacheEntries?: number;
  nowMs?: () => number;
}

const toBuffer = (value: unknown) => Buffer.from(value as Uint8Array);
const wrappingContext = (subjectId: string, masterId: string) => Buffer.from(`${subjectId}/${masterId}`);

/**
 * The data keys, one per person, wrapped by the master key in `pd.subject_keys`. `masters[0]` wraps new keys;
 * the others are still accepted for reading, until a rotation has re-wrapped every key with the current one.
 */
export class KeyVault {
  /** `openUntil` and `sealUntil`: how long the key may still be used to open, and to seal. */
  private readonly cache = new Map<string, { key: Buffer | 'erased'; openUntil: number; sealUntil: number }>();
  private readonly cacheMs: number;
  private readonly sealCacheMs: number;
  private readonly cacheEntries: number;
  private readonly nowMs: () => number;

  constructor(
    private readonly db: SqlDatabase,
    private readonly masters: readonly MasterKey[],
    options: KeyVaultOptions = {},
  ) {
    if (masters.length === 0) throw new Error('a key vault needs its master key');
    // Short: another process's erasure reaches this one's reads within that time.
    this.cacheMs = options.cacheMs ?? 5_000;
    this.sealCacheMs = Math.max(this.cacheMs, options.sealCacheMs ?? 600_000);
    this.cacheEntries = options.cacheEntries ?? 10_000;
    this.nowMs = options.nowMs ?? Date.now;
  }

  /**
   * The person's key, created on first use; refused once their data were erased. `owned`: a key of data the owner's
   * erasure destroys too (their connection data of one month, say), refused once the owner was erased.
   */
  async keyFor(subjectId: string, at: Date, owned?: OwnedKey): Promise<Buffer> {
    const known = await this.sealingKey(subjectId);
    if (known === 'erased') throw new SubjectErasedError(subjectId);
    if (known) return known;
    if (owned?.ownerId && (await this.sealingKey(owned.ownerId)) === 'erased') throw new SubjectErasedError(owned.ownerId);
    const key = randomBytes(KEY_BYTES);
    const current = this.masters[0]!;
    await this.db.query(
      `insert into pd.subject_keys (subject_id, wrapped_key, master_key_id, created_at, owner_id, purpose, period) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (subject_id) do nothing`,
      [
        subjectId,
        seal(current.key, key, wrappingContext(subjectId, current.id)),
        current.id,
        at.toISOString(),
        owned?.ownerId ?? null,
        owned?.purpose ?? 'person',
        owned?.period ?? null,
      ],
    );
    // Another writer may have created it first: the stored key is the one.
    const stored = await this.sealingKey(subjectId);
    if (stored === 'erased') throw new SubjectErasedError(subjectId);
    if (!stored) throw new Error(`no key stored for ${subjectId}`);
    return stored;
  }

  /**
   * Bulk work (the log's sealing): creates in one statement the keys `keyFor` would create for these requests —
   * those with no key yet and no erased owner — and keeps every requested key in memory, so that `keyFor` then
   * answers each without a round trip. One commit for a whole batch instead of one per person.
   */
  async prepareKeys(requests: readonly { subjectId: string; at: Date; owned?: OwnedKey }[]): Promise<void> {
    const ids = new Set<string>();
    for (const request of requests) {
      ids.add(request.subjectId);
      if (request.owned?.ownerId) ids.add(request.owned.ownerId);
    }
    if (ids.size === 0) return;
    const known = await this.keysIfAny(ids, 'seal');
    const current = this.masters[0]!;
    const fresh = new Map<string, unknown[]>();
    for (const { subjectId, at, owned } of requests) {
      if (known.has(subjectId) || fresh.has(subjectId) || (owned?.ownerId && known.get(owned.ownerId) === 'erased')) continue;
      const wrapped = seal(current.key, randomBytes(KEY_BYTES), wrappingContext(subjectId, current.id));
      fresh.set(subjectId, [subjectId, wrapped.toString('hex'), at.toISOString(), owned?.ownerId ?? null, owned?.purpose ?? 'person', owned?.period ?? null]);
    }
    if (fresh.size === 0) return;
    const column = (i: number) => [...fresh.values()].map((row) => row[i]);
    await this.db.query(
      `insert into pd.subject_keys (subject_id, wrapped_key, master_key_id, created_at, owner_id, purpose, period)
       select subject_id, decode(wrapped_key, 'hex'), $7, created_at, owner_id, purpose, period
       from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[]) as k(subject_id, wrapped_key, created_at, owner_id, purpose, period)
       on conflict (subject_id) do nothing`,
      [column(0), column(1), column(2), column(3), column(4), column(5), current.id],
    );
    // Another writer may have created some first: the stored keys are the ones.
    await this.keysIfAny(fresh.keys(), 'seal');
  }

  /** The key to open with, `'erased'` when it was destroyed, `undefined` when the person never had one. */
  async keyIfAny(subjectId: string): Promise<Buffer | 'erased' | undefined> {
    return (await this.keysIfAny([subjectId])).get(subjectId);
  }

  /** The key to seal with if this process has it in memory (no round trip), else `undefined`. */
  sealingKeyInMemory(subjectId: string): Buffer | 'erased' | undefined {
    const cached = this.cache.get(subjectId);
    return cached && (cached.key === 'erased' || cached.sealUntil > this.nowMs()) ? cached.key : undefined;
  }

  private async sealingKey(subjectId: string): Promise<Buffer | 'erased' | undefined> {
    return (await this.keysIfAny([subjectId], 'seal')).get(subjectId);
  }

  /**
   * Several at once (one query for those not in memory): absent from the map when the person never had a key.
   * `use`: what the keys are for, which says how long one kept in memory may serve (see the options).
   */
  async keysIfAny(subjectIds: Iterable<string>, use: 'open' | 'seal' = 'open'): Promise<Map<string, Buffer | 'erased'>> {
    const found = new Map<string, Buffer | 'erased'>();
    const missing: string[] = [];
    const now = this.nowMs();
    for (const subjectId of new Set(subjectIds)) {
      const cached = this.cache.get(subjectId);
      if (cached && (cached.key === 'erased' || (use === 'open' ? cached.openUntil : cached.sealUntil) > now)) found.set(subjectId, cached.key);
      else missing.push(subjectId);
    }
    if (missing.length === 0) return found;
    const { rows } = await this.db.query<{ subject_id: string; wrapped_key: unknown; master_key_id: string | null }>(
      'select subject_id::text, wrapped_key, master_key_id from pd.subject_keys where subject_id = any($1::uuid[])',
      [missing],
    );
    for (const row of rows) {
      const key = row.wrapped_key === null || row.master_key_id === null ? 'erased' : this.unwrap(row.subject_id, toBuffer(row.wrapped_key), row.master_key_id);
      this.remember(row.subject_id, key);
      found.set(row.subject_id, key);
    }
    return found;
  }

  /**
   * Destroys the person's key and the keys they own: what they sealed can no longer be read, anywhere it was copied.
   * Idempotent; a person without a key gets a destroyed row, so that none is created later. True when this call
   * destroyed the person's own key.
   */
  async destroy(subjectId: string, at: Date): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ subject_id: string }>(
        `insert into pd.subject_keys (subject_id, wrapped_key, master_key_id, created_at, destroyed_at) values ($1, null, null, $2, $2)
         on conflict (subject_id) do update set wrapped_key = null, master_key_id = null, destroyed_at = excluded.destroyed_at
           where pd.subject_keys.wrapped_key is not null
         returning subject_id`,
        [subjectId, at.toISOString()],
      );
      const { rows: owned } = await tx.query<{ subject_id: string }>(
        `update pd.subject_keys set wrapped_key = null, master_key_id = null, destroyed_at = $2
          where owner_id = $1 and wrapped_key is not null returning subject_id::text`,
        [subjectId, at.toISOString()],
      );
      for (const row of [...rows, ...owned]) this.cache.delete(row.subject_id);
      this.cache.delete(subjectId);
      return rows.length > 0;
    });
  }

  /** Retention: destroys the keys of `purpose` whose period (`YYYY-MM`) is before `period`; how many it destroyed. */
  async destroyPeriodsBefore(purpose: string, period: string, at: Date): Promise<number> {
    const { rows } = await this.db.query<{ subject_id: string }>(
      `update pd.subject_keys set wrapped_key = null, master_key_id = null, destroyed_at = $3
        where purpose = $1 and period < $2 and wrapped_key is not null returning subject_id::text`,
      [purpose, period, at.toISOString()],
    );
    for (const row of rows) this.cache.delete(row.subject_id);
    return rows.length;
  }

  /**
   * Re-wraps every key not yet under the current master key, `batchSize` at a time, each batch in its own
   * transaction: a rotation stopped halfway resumes where it was (the old master key stays in `masters` meanwhile).
   */
  async rotate(options: { batchSize?: number; onProgress?: (progress: RotationProgress) => void } = {}): Promise<RotationProgress> {
    const current = this.masters[0]!;
    const batchSize = options.batchSize ?? 1_000;
    const { rows: counted } = await this.db.query<{ n: string }>(
      'select count(*)::text as n from pd.subject_keys where wrapped_key is not null and master_key_id <> $1',
      [current.id],
    );
    const progress = { done: 0, total: Number(counted[0]!.n) };
    options.onProgress?.({ ...progress });
    for (;;) {
      const rewrapped = await this.db.transaction(async (tx) => {
        const { rows } = await tx.query<{ subject_id: string; wrapped_key: unknown; master_key_id: string }>(
          `select subject_id, wrapped_key, master_key_id from pd.subject_keys
            where wrapped_key is not null and master_key_id <> $1 order by subject_id limit $2 for update`,
          [current.id, batchSize],
        );
        for (const row of rows) {
          const key = this.unwrap(row.subject_id, toBuffer(row.wrapped_key), row.master_key_id);
          await tx.query('update pd.subject_keys set wrapped_key = $2, master_key_id = $3 where subject_id = $1 and wrapped_key is not null', [
            row.subject_id,
            seal(current.key, key, wrappingContext(row.subject_id, current.id)),
            current.id,
          ]);
        }
        return rows.length;
      });
      if (rewrapped === 0) break;
      progress.done += rewrapped;
      options.onProgress?.({ ...progress });
    }
    return progress;
  }

  private unwrap(subjectId: string, wrapped: Buffer, masterId: string): Buffer {
    const master = this.masters.find((candidate) => candidate.id === masterId);
    if (!master) throw new Error(`the key of ${subjectId} is wrapped by master key ${masterId}, which this process was not given`);
    return open(master.key, wrapped, wrappingContext(subjectId, master.id));
  }

  /** An erasure is for ever: `'erased'` is remembered without a time limit. */
  private remember(subjectId: string, key: Buffer | 'erased'): void {
    this.cache.delete(subjectId);
    if (this.cache.size >= this.cacheEntries) this.cache.delete(this.cache.keys().next().value!);
    const now = this.nowMs();
    this.cache.set(subjectId, { key, openUntil: now + this.cacheMs, sealUntil: now + this.sealCacheMs });
  }
}
