import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { accountStream } from '@peps/domain';
import type { SqlExecutor } from '@peps/sql';
import { LETTER_MANAGER } from '../letters/letter-decisions.js';
import { formatLetterReference } from '../letters/letter-reference.js';
import { letterPath, lettersFolder } from '../letters/letter-storage.js';

/** What an erased letter leaves in the letters folder: `<letterId>.erased.json`, its reference and date only. */
export const erasedLetterStubPath = (dataDir: string, letterId: string): string => `${letterPath(dataDir, letterId).replace(/\.pdf$/, '')}.erased.json`;

export interface ErasedLetterStub {
  letterId: string;
  reference: string;
  /** The letter's date (its cause's). */
  date: string;
  erasedAt: string;
}

/**
 * Erases the letters written about this account (the legal representative's letters of their registration): the
 * PDF leaves `pm.letters` and the data folder, a stub with the reference and the date stays. Idempotent.
 */
export async function eraseLettersOf(db: SqlExecutor, dataDir: string, accountId: string, erasedAt: string): Promise<ErasedLetterStub[]> {
  const { rows } = await db.query<{ effect_id: string; seq: string; cause_occurred_at: Date | string }>(
    `select effect_id::text, seq::text as seq, cause_occurred_at from pm.effects
      where manager = $1 and (payload->>'accountId' = $2 or cause_stream = $3) order by seq`,
    [LETTER_MANAGER, accountId, accountStream(accountId)],
  );
  const stubs: ErasedLetterStub[] = [];
  for (const row of rows) {
    const stub: ErasedLetterStub = {
      letterId: row.effect_id,
      reference: formatLetterReference(row.cause_occurred_at, row.seq),
      date: new Date(row.cause_occurred_at).toISOString(),
      erasedAt,
    };
    await db.query('delete from pm.letters where letter_id = $1', [row.effect_id]);
    await mkdir(lettersFolder(dataDir), { recursive: true });
    const stubPath = erasedLetterStubPath(dataDir, row.effect_id);
    // Two runs at once (the request and the reactor) each write their own partial file.
    const partial = `${stubPath}.${process.pid}.${randomBytes(6).toString('hex')}.part`;
    await writeFile(partial, `${JSON.stringify(stub, null, 2)}\n`);
    await rename(partial, stubPath);
    await unlink(letterPath(dataDir, row.effect_id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    stubs.push(stub);
  }
  return stubs;
}

/**
 * Empties the payloads of the effects queued about this person (mails, letters: the cause's copy of their details)
 * and forgets the recipient address; an effect still pending is skipped, it has nothing left to send. The rows stay:
 * their seq is a letter's reference, their status the delivery history. Idempotent.
 */
export async function purgeEffectsOf(db: SqlExecutor, person: { accountId: string; email: string | null }, except: readonly string[] = []): Promise<number> {
  const { rows } = await db.query<{ effect_id: string }>(
    `update pm.effects
        set payload = jsonb_build_object('accountId', $1::text, 'personalDataErased', true),
            recipient = null,
            last_error = case when last_error is null then null else 'données personnelles effacées' end,
            status = case when status = 'pending' then 'skipped' else status end,
            finished_at = coalesce(finished_at, now())
      where manager <> all($4::text[])
        and (cause_stream = $2 or payload->>'accountId' = $1 or payload->>'administratorId' = $1
             or coalesce(payload->'accountIds', '[]'::jsonb) ? $1
             or ($3::text is not null and lower(recipient) = lower($3::text)))
        and not (payload ? 'personalDataErased')
      returning effect_id::text`,
    [person.accountId, accountStream(person.accountId), person.email, [...except]],
  );
  return rows.length;
}
