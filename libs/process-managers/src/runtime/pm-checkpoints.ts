import { FencedError, START, type Checkpoint } from '@peps/event-store';
import type { SqlExecutor } from '@peps/sql';

/** Where a manager stands in the log (`pm.checkpoints`), created at the start on first run. */
export async function openManagerCheckpoint(db: SqlExecutor, manager: string): Promise<Checkpoint> {
  await db.query(`insert into pm.checkpoints (manager, transaction_id, position) values ($1, '0', 0) on conflict (manager) do nothing`, [manager]);
  return (await readManagerCheckpoint(db, manager)) ?? START;
}

export async function readManagerCheckpoint(db: SqlExecutor, manager: string): Promise<Checkpoint | null> {
  const { rows } = await db.query<{ transaction_id: string; position: string }>(
    'select transaction_id, position::text as position from pm.checkpoints where manager = $1',
    [manager],
  );
  return rows.length ? { transactionId: BigInt(rows[0].transaction_id), position: BigInt(rows[0].position) } : null;
}

/**
 * Moves the checkpoint only from where the runner left it: the fence and the write in one statement, which inside
 * a transaction also locks the row until the effects are queued with it. Another runner moved it → FencedError.
 */
export async function moveManagerCheckpoint(db: SqlExecutor, manager: string, from: Checkpoint, to: Checkpoint): Promise<void> {
  const { rows } = await db.query(
    `update pm.checkpoints set transaction_id = $4, position = $5, updated_at = now()
     where manager = $1 and transaction_id::numeric = $2::numeric and position = $3 returning 1`,
    [manager, from.transactionId.toString(), from.position.toString(), to.transactionId.toString(), to.position.toString()],
  );
  if (rows.length !== 1) throw new FencedError(`checkpoint of ${manager} moved by another runner`);
}
