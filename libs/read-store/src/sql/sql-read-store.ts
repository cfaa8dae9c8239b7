import { FencedError, sqlLeases, START, type Checkpoint, type Leases, type RecordedEvent } from '@peps/event-store';
import { migrate, type SqlDatabase, type SqlExecutor } from '@peps/sql';
import { foldDocuments, type ProjectedEvent, type Projection } from '../projection.js';
import { failureText, toProjectionFailure, waitForCheckpoints, type ProjectionStore, type StoredFailure } from '../projection-store.js';
import type { ProjectionFailure, StoredCheckpoint } from '../read-store.port.js';
import { deferIndexes, restoreDeferredIndexes } from './deferred-indexes.js';
import { GatheredCheckpointMoves } from './gathered-checkpoint-moves.js';
import { readStoreMigrations } from './read-store-migrations.js';

interface CheckpointRow {
  projection: string;
  version: number;
  transaction_id: string;
  position: string | number;
  updated_at: Date | string;
}

export class SqlReadStore implements ProjectionStore {
  readonly kind = 'sql' as const;
  /** Advisory locks, each on a connection of its own (see libs/sql). */
  readonly leases: Leases;
  private readonly noOpMoves: GatheredCheckpointMoves;

  constructor(readonly db: SqlDatabase) {
    this.leases = sqlLeases(db);
    this.noOpMoves = new GatheredCheckpointMoves(db);
  }

  static async open(db: SqlDatabase, projections: readonly Projection[] = []): Promise<SqlReadStore> {
    const store = new SqlReadStore(db);
    await store.prepare(projections);
    return store;
  }

  async prepare(projections: readonly Projection[]): Promise<void> {
    await migrate(this.db, 'read-store', readStoreMigrations);
    for (const projection of projections) await migrate(this.db, `read:${projection.name}`, projection.migrations);
    // A rebuild that did not finish left its secondary indexes aside (see deferred-indexes.ts).
    await restoreDeferredIndexes(this.db);
  }

  async checkpoint(projection: string): Promise<StoredCheckpoint | null> {
    return readCheckpoint(this.db, projection);
  }

  async checkpoints(): Promise<StoredCheckpoint[]> {
    const { rows } = await this.db.query<CheckpointRow>(
      'select projection, version, transaction_id, position::text as position, updated_at from read.checkpoints order by projection',
    );
    return rows.map(toStoredCheckpoint);
  }

  async waitFor(projections: readonly string[], target: Checkpoint, timeoutMs: number): Promise<boolean> {
    return waitForCheckpoints(projections.length, target, timeoutMs, async () => {
      const { rows } = await this.db.query<CheckpointRow>(
        'select projection, version, transaction_id, position::text as position, updated_at from read.checkpoints where projection = any($1::text[])',
        [[...projections]],
      );
      return rows.map(toStoredCheckpoint);
    });
  }

  async failures(projection?: string): Promise<ProjectionFailure[]> {
    const { rows } = await this.db.query<StoredFailure>(
      `select projection, event_id as "eventId", stream, stream_version as "streamVersion", type, transaction_id as "transactionId",
              position::text as position, error, attempts, skipped, last_failed_at as "lastFailedAt" from read.projection_failures
       where $1::text is null or projection = $1 order by projection, transaction_id::numeric, position`,
      [projection ?? null],
      { prepare: false },
    );
    return rows.map(toProjectionFailure);
  }

  async reset(projection: Projection): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Taking the checkpoint row first makes a running writer of this projection wait, then notice the reset.
      await tx.query('select 1 from read.checkpoints where projection = $1 for update', [projection.name]);
      if (projection.tables.length) await tx.query(`truncate ${projection.tables.map((t) => `read.${t}`).join(', ')}`);
      await tx.query('delete from read.projection_failures where projection = $1', [projection.name]);
      await writeCheckpoint(tx, projection.name, projection.version, START);
    });
  }

  // What the projection runner writes through (ProjectionStore): a batch and its checkpoint in one transaction.

  async openCheckpoint(projection: Projection): Promise<StoredCheckpoint> {
    await this.db.query(
      `insert into read.checkpoints (projection, version, transaction_id, position) values ($1, $2, '0', 0)
       on conflict (projection) do nothing`,
      [projection.name, projection.version],
    );
    return (await readCheckpoint(this.db, projection.name))!;
  }

  async writeBatch(projection: Projection, events: readonly ProjectedEvent[], from: Checkpoint, to: Checkpoint): Promise<void> {
    if (!events.length) {
      // Nothing of this batch is for this projection (every projection reads every event): the checkpoint moves,
      // fenced, without a transaction around it, in one statement with the other projections' moves of this turn.
      if (!(await this.noOpMoves.move(projection.name, projection.version, from, to))) throw movedUnder(projection);
      return;
    }
    // Derived from the log with its checkpoint in the same transaction: its commit need not wait for the WAL flush
    // (ADR 0005; a server crash takes back both together, and the runner replays them).
    await this.db.transaction(
      async (tx) => {
        // First: fences, and locks the row until this batch's documents are written with it.
        await fencedMove(tx, projection, from, to);
        const keys = [...new Set(events.flatMap((event) => projection.keys(event)))];
        const documents = new Map<string, unknown>(await projection.load(tx, keys));
        const changed = foldDocuments(projection, documents, events);
        if (changed.size) await projection.save(tx, new Map([...changed].map((key) => [key, documents.get(key) ?? null])));
      },
      { synchronousCommit: false },
    );
  }

  async recordFailure(projection: string, event: RecordedEvent, error: unknown): Promise<number> {
    const { rows } = await this.db.query<{ attempts: number }>(
      `insert into read.projection_failures as f (projection, event_id, stream, stream_version, type, transaction_id, position, error, attempts)
       values ($1, $2, $3, $4, $5, $6, $7, $8, 1)
       on conflict (projection, event_id) do update set attempts = f.attempts + 1, error = excluded.error, last_failed_at = now()
       returning attempts`,
      [projection, event.id, event.stream, event.version, event.type, event.transactionId.toString(), event.position.toString(), failureText(error)],
    );
    return Number(rows[0].attempts);
  }

  async skipFailed(projection: Projection, event: RecordedEvent, from: Checkpoint): Promise<void> {
    await this.db.transaction(async (tx) => {
      await fencedMove(tx, projection, from, { transactionId: event.transactionId, position: event.position });
      await tx.query('update read.projection_failures set skipped = true where projection = $1 and event_id = $2', [projection.name, event.id]);
    });
  }

  /** Secondary indexes are built once at the end rather than row by row (see deferred-indexes.ts). */
  async rebuilding<T>(projections: readonly Projection[], replay: () => Promise<T>): Promise<T> {
    await deferIndexes(this.db, projections.flatMap((projection) => projection.tables));
    try {
      return await replay();
    } finally {
      await restoreDeferredIndexes(this.db);
    }
  }
}

/** Another writer moved the checkpoint (a rebuild, a runner that kept going after losing its lease): stop. */
async function fencedMove(db: SqlExecutor, projection: Projection, from: Checkpoint, to: Checkpoint): Promise<void> {
  if (!(await moveCheckpoint(db, projection.name, projection.version, from, to))) throw movedUnder(projection);
}

function movedUnder(projection: Projection): FencedError {
  return new FencedError(`checkpoint of ${projection.name} moved under this runner`);
}

export async function readCheckpoint(db: SqlExecutor, projection: string): Promise<StoredCheckpoint | null> {
  const { rows } = await db.query<CheckpointRow>(
    'select projection, version, transaction_id, position::text as position, updated_at from read.checkpoints where projection = $1',
    [projection],
  );
  return rows.length ? toStoredCheckpoint(rows[0]) : null;
}

export async function writeCheckpoint(db: SqlExecutor, projection: string, version: number, checkpoint: Checkpoint): Promise<void> {
  await db.query(
    `insert into read.checkpoints (projection, version, transaction_id, position, updated_at) values ($1, $2, $3, $4, now())
     on conflict (projection) do update set version = excluded.version, transaction_id = excluded.transaction_id,
       position = excluded.position, updated_at = excluded.updated_at`,
    [projection, version, checkpoint.transactionId.toString(), checkpoint.position.toString()],
  );
}

/**
 * Moves the checkpoint from `from` to `to` only if it still is at `from` for this version: the fence and the write in
 * one statement. Inside a transaction it also takes the row lock, as `select … for update` did, so a concurrent
 * writer of the same projection waits and then finds it moved. False when another writer moved it.
 */
export async function moveCheckpoint(db: SqlExecutor, projection: string, version: number, from: Checkpoint, to: Checkpoint): Promise<boolean> {
  const { rows } = await db.query(
    `update read.checkpoints set transaction_id = $5, position = $6, updated_at = now()
     where projection = $1 and version = $2 and transaction_id::numeric = $3::numeric and position = $4 returning 1`,
    [projection, version, from.transactionId.toString(), from.position.toString(), to.transactionId.toString(), to.position.toString()],
  );
  return rows.length === 1;
}

function toStoredCheckpoint(row: CheckpointRow): StoredCheckpoint {
  return {
    projection: row.projection,
    version: Number(row.version),
    checkpoint: { transactionId: BigInt(row.transaction_id), position: BigInt(row.position) },
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
