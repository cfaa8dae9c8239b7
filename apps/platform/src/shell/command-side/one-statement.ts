import type { SqlDatabase } from '@peps/sql';

/** One SQL write with its own `$1…$n` parameters, to be run alone or beside others. */
export interface SqlWrite {
  sql: string;
  params: unknown[];
}

/**
 * Runs independent writes as one statement (data-modifying CTEs): one round trip instead of one per write, and
 * all-or-nothing. On these machines a round trip to PostgreSQL costs more CPU than the insert it carries
 * (docs/performance.md), so the creation path stages its rows this way.
 */
export async function writeInOneStatement(db: SqlDatabase, writes: readonly SqlWrite[]): Promise<void> {
  if (writes.length === 0) return;
  if (writes.length === 1) {
    await db.query(writes[0].sql, writes[0].params);
    return;
  }
  const params: unknown[] = [];
  const parts = writes.map((write, index) => {
    const offset = params.length;
    params.push(...write.params);
    // Writes are parameterised statements of this code base: `$` appears only in placeholders.
    return `w${index} as (${write.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  await db.query(`with ${parts.join(', ')} select 1`, params);
}
