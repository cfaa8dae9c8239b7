import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SqlExecutor } from '@peps/sql';

export const lettersFolder = (dataDir: string): string => join(dataDir, 'letters');
export const letterPath = (dataDir: string, letterId: string): string => join(lettersFolder(dataDir), `${letterId}.pdf`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isLetterId = (value: string): boolean => UUID.test(value);

/**
 * Stores a letter twice: in `pm.letters` (every machine of a server deployment sees it) and as a file under
 * `<dataDir>/letters` (what the embedded default's user finds on disk). Both writes are idempotent.
 */
export async function storeLetter(db: SqlExecutor, dataDir: string, letterId: string, pdf: Buffer): Promise<{ path: string; size: number; sha256: string }> {
  const sha256 = createHash('sha256').update(pdf).digest('hex');
  await db.query(
    `insert into pm.letters (letter_id, pdf, sha256) values ($1, $2, $3)
     on conflict (letter_id) do update set pdf = excluded.pdf, sha256 = excluded.sha256`,
    [letterId, pdf, sha256],
  );
  const path = letterPath(dataDir, letterId);
  await mkdir(lettersFolder(dataDir), { recursive: true });
  const partial = `${path}.${process.pid}.part`;
  await writeFile(partial, pdf);
  await rename(partial, path);
  return { path, size: pdf.length, sha256 };
}

/** The letter's bytes: from the database, or from the data folder for a letter stored before the table. */
export async function readLetter(db: SqlExecutor, dataDir: string, letterId: string): Promise<Buffer | null> {
  if (!isLetterId(letterId)) return null;
  const { rows } = await db.query<{ pdf: Uint8Array }>('select pdf from pm.letters where letter_id = $1', [letterId]);
  if (rows.length) return Buffer.from(rows[0].pdf);
  try {
    return await readFile(letterPath(dataDir, letterId));
  } catch {
    return null;
  }
}
