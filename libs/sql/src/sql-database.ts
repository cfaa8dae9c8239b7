/** The one SQL abstraction shared by the event store and the read store: PGlite (embedded) or a PostgreSQL server. */

export interface QueryResult<Row> {
  rows: Row[];
  affectedRows?: number;
}

export interface QueryOptions {
  /**
   * `false`: planned for its parameters on every run, never kept as a prepared statement (PostgreSQL). For a query
   * whose best plan depends on its parameters — optional filters (`$1 is null or …`), a range from a checkpoint —
   * where a generic plan chosen after the first runs could scan a whole table ever after. Default: prepared.
   */
  prepare?: boolean;
}

export interface TransactionOptions {
  /**
   * `false`: the commit does not wait for the WAL to reach the disk (`synchronous_commit = off` for this
   * transaction). Only for writes that can be derived again after a server crash (read models with their
   * checkpoint): the transaction stays atomic, only its last moments may be lost. Default: the server's setting.
   */
  synchronousCommit?: false;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[], options?: QueryOptions): Promise<QueryResult<Row>>;
}

/** Held while a process is the one active runner of a projection or process manager. */
export interface Lease {
  readonly key: string;
  /** False once the holding connection was lost: the holder must stop. */
  isHeld(): boolean;
  release(): Promise<void>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Several statements separated by `;`, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Calls `onNotify` for each NOTIFY on the channel; resolves to an unsubscribe function. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  /** Try to become the single active holder of `key` across processes; null when someone else holds it. */
  tryAcquireLease(key: string): Promise<Lease | null>;
  close(): Promise<void>;
}

/** Stable 63-bit key for advisory locks. */
export function leaseKeyNumber(key: string): bigint {
  // FNV-1a 64-bit, folded to a positive signed bigint.
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(key)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash & 0x7fffffffffffffffn;
}
