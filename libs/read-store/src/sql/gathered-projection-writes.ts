import type { Checkpoint } from '@peps/event-store';
import type { SqlDatabase, SqlExecutor } from '@peps/sql';
import type { ProjectedEvent, Projection } from '../projection.js';

/** Writes a batch's documents after its fenced checkpoint move, inside the transaction it is given. */
export type BatchWriter = (tx: SqlExecutor, projection: Projection, events: readonly ProjectedEvent[], from: Checkpoint, to: Checkpoint) => Promise<void>;

interface Pending<T> {
  projection: Projection;
  from: Checkpoint;
  to: Checkpoint;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}
type Move = Pending<boolean>;
type Batch = Pending<void> & { events: readonly ProjectedEvent[] };

/** Above this many events a batch is written on its own (a rebuild's batches): gathering would serialise them. */
export const GATHERED_BATCH_EVENTS = 64;

/**
 * The writes of the projections asked in the same turn of the event loop. They are fed by one shared read of the
 * log (SharedLogReads), so after a sign-in every projection writes at once: the audit trail a line, the account
 * list a row, the others only a checkpoint move. Gathered, the checkpoint moves are one statement, and the small
 * batches one transaction with them (one BEGIN and one COMMIT instead of one pair per projection), each batch still
 * fenced on its own `from`. A gathered transaction that fails (a fenced batch, a bug of one projection) changed
 * nothing: each write then runs again alone, so a projection never fails or is fenced because of another.
 *
 * Read-model transactions commit without waiting for the WAL flush (ADR 0005): what they write is derived from
 * the log with its checkpoint in the same transaction, so a server crash can only take back the last moments of
 * both together, and the runner replays them.
 */
export class GatheredProjectionWrites {
  private moves: Move[] = [];
  private batches: Batch[] = [];

  constructor(
    private readonly db: SqlDatabase,
    private readonly writeBatch: BatchWriter,
  ) {}

  /** Moves the checkpoint of a batch with nothing for this projection: false when another writer moved it first. */
  move(projection: Projection, from: Checkpoint, to: Checkpoint): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.moves.push({ projection, from, to, resolve, reject });
      this.schedule();
    });
  }

  /** Writes a batch and moves its checkpoint, fenced (FencedError from `writeBatch` when moved under it). */
  write(projection: Projection, events: readonly ProjectedEvent[], from: Checkpoint, to: Checkpoint): Promise<void> {
    if (events.length > GATHERED_BATCH_EVENTS) return this.alone(projection, events, from, to);
    return new Promise((resolve, reject) => {
      this.batches.push({ projection, events, from, to, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.moves.length + this.batches.length === 1) setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const moves = this.moves;
    const batches = this.batches;
    this.moves = [];
    this.batches = [];
    // One writer per projection at a time: a name twice would be two writers of one projection, each fenced apart.
    const names = new Set([...moves, ...batches].map((write) => write.projection.name));
    if (names.size < moves.length + batches.length) {
      await Promise.all([...moves.map((move) => this.runMoves(this.db, [move])), ...batches.map((batch) => this.runAlone(batch))]);
      return;
    }
    if (!batches.length) return this.runMoves(this.db, moves);
    if (batches.length === 1 && !moves.length) return this.runAlone(batches[0]);
    try {
      const moved = await this.db.transaction(
        async (tx) => {
          const result = moves.length ? await moveCheckpoints(tx, moves) : new Set<string>();
          // The same order in every transaction: two of them never wait on each other's checkpoint rows.
          for (const batch of [...batches].sort((a, b) => a.projection.name.localeCompare(b.projection.name))) {
            await this.writeBatch(tx, batch.projection, batch.events, batch.from, batch.to);
          }
          return result;
        },
        { synchronousCommit: false },
      );
      for (const move of moves) move.resolve(moved.has(move.projection.name));
      for (const batch of batches) batch.resolve();
    } catch {
      await Promise.all([this.runMoves(this.db, moves), ...batches.map((batch) => this.runAlone(batch))]);
    }
  }

  private alone(projection: Projection, events: readonly ProjectedEvent[], from: Checkpoint, to: Checkpoint): Promise<void> {
    return this.db.transaction((tx) => this.writeBatch(tx, projection, events, from, to), { synchronousCommit: false });
  }

  private async runAlone(batch: Batch): Promise<void> {
    try {
      batch.resolve(await this.alone(batch.projection, batch.events, batch.from, batch.to));
    } catch (error) {
      batch.reject(error);
    }
  }

  private async runMoves(db: SqlExecutor, moves: Move[]): Promise<void> {
    if (!moves.length) return;
    try {
      const moved = await moveCheckpoints(db, moves);
      for (const move of moves) move.resolve(moved.has(move.projection.name));
    } catch (error) {
      for (const move of moves) move.reject(error);
    }
  }
}

/** One statement for every move, each fenced on its own `from` (the moveCheckpoint rule, row by row). */
async function moveCheckpoints(db: SqlExecutor, moves: readonly Move[]): Promise<Set<string>> {
  const { rows } = await db.query<{ projection: string }>(
    `update read.checkpoints c set transaction_id = m.to_transaction, position = m.to_position, updated_at = now()
     from unnest($1::text[], $2::integer[], $3::text[], $4::bigint[], $5::text[], $6::bigint[])
       as m(projection, version, from_transaction, from_position, to_transaction, to_position)
     where c.projection = m.projection and c.version = m.version
       and c.transaction_id::numeric = m.from_transaction::numeric and c.position = m.from_position
     returning c.projection`,
    [
      moves.map((move) => move.projection.name),
      moves.map((move) => move.projection.version),
      moves.map((move) => move.from.transactionId.toString()),
      moves.map((move) => move.from.position.toString()),
      moves.map((move) => move.to.transactionId.toString()),
      moves.map((move) => move.to.position.toString()),
    ],
  );
  return new Set(rows.map((row) => row.projection));
}
