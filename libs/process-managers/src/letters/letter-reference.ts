import type { SqlExecutor } from '@peps/sql';

/**
 * The short reference a legal representative quotes back (`ADM-2026-000123`), instead of the letter's UUID.
 * Its number is the letter effect's `pm.effects.seq`: given once when the letter is planned, never reused, so a
 * retried letter keeps its reference and two letters never share one. The year is the letter's (its cause's).
 */
export function formatLetterReference(effectiveAt: string | Date, seq: number | bigint | string): string {
  const year = new Date(effectiveAt).getUTCFullYear();
  return `ADM-${year}-${String(seq).padStart(6, '0')}`;
}

/** The references of these letters, by letter id; a letter with no effect row (none yet) is left out. */
export async function letterReferences(db: SqlExecutor, letterIds: readonly string[]): Promise<Map<string, string>> {
  const references = new Map<string, string>();
  if (letterIds.length === 0) return references;
  const { rows } = await db.query<{ effect_id: string; seq: string; cause_occurred_at: Date | string }>(
    'select effect_id, seq::text as seq, cause_occurred_at from pm.effects where effect_id = any($1::uuid[])',
    [letterIds],
  );
  for (const row of rows) references.set(row.effect_id, formatLetterReference(row.cause_occurred_at, row.seq));
  return references;
}
