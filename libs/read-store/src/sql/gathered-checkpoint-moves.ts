import type { Checkpoint } from '@peps/event-store';
import type { SqlExecutor } from '@peps/sql';

interface Move {
  projection: string;
  version: number;
  from: Checkpoint;
  to: Checkpoint;
  resolve: (moved: boolean) => void;
  reject: (error: unknown) => void;
}

/**
 * The checkpoint moves of batches with nothing for their projection, asked in the same turn of the event loop: the
 * projections are fed by one shared read of the log (SharedLogReads), so after a sign-in several of them move their
 * checkpoint past it together. One statement for all of them, each still fenced on its own `from` (the moveCheckpoint
 * rule, row by row): true for those moved, false for one another writer moved first.
 */
export class GatheredCheckpointMoves {
  private pending: Move[] = [];

  constructor(private readonly db: SqlExecutor) {}

  move(projection: string, version: number, from: Checkpoint, to: Checkpoint): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ projection, version, from, to, resolve, reject });
      if (this.pending.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    const moves = this.pending;
    this.pending = [];
    // One writer per projection at a time: a name twice would be two writers of one projection, each fenced apart.
    const names = new Set(moves.map((move) => move.projection));
    const groups = names.size === moves.length ? [moves] : moves.map((move) => [move]);
    await Promise.all(groups.map((group) => this.run(group)));
  }

  private async run(moves: Move[]): Promise<void> {
    try {
      const { rows } = await this.db.query<{ projection: string }>(
        `update read.checkpoints c set transaction_id = m.to_transaction, position = m.to_position, updated_at = now()
         from unnest($1::text[], $2::integer[], $3::text[], $4::bigint[], $5::text[], $6::bigint[])
           as m(projection, version, from_transaction, from_position, to_transaction, to_position)
         where c.projection = m.projection and c.version = m.version
           and c.transaction_id::numeric = m.from_transaction::numeric and c.position = m.from_position
         returning c.projection`,
        [
          moves.map((move) => move.projection),
          moves.map((move) => move.version),
          moves.map((move) => move.from.transactionId.toString()),
          moves.map((move) => move.from.position.toString()),
          moves.map((move) => move.to.transactionId.toString()),
          moves.map((move) => move.to.position.toString()),
        ],
      );
      const moved = new Set(rows.map((row) => row.projection));
      for (const move of moves) move.resolve(moved.has(move.projection));
    } catch (error) {
      for (const move of moves) move.reject(error);
    }
  }
}
