import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { Lease, QueryResult, SqlDatabase, SqlExecutor, TransactionOptions } from './sql-database.js';

/**
 * Embedded PostgreSQL (WASM). One session only: transactions are serialised by PGlite itself,
 * and a lease is exclusive within this process only (one process owns the data folder).
 */
export class PgliteDatabase implements SqlDatabase {
  readonly kind = 'pglite' as const;
  private readonly leases = new Set<string>();

  private constructor(private readonly db: PGlite) {}

  /** `dataDir` undefined: in memory. `template`: a dump (from `dumpDataDir`) to start from. */
  static async open(options: { dataDir?: string; template?: Blob } = {}): Promise<PgliteDatabase> {
    if (options.dataDir) mkdirSync(dirname(options.dataDir), { recursive: true });
    const db = await PGlite.create({ dataDir: options.dataDir, loadDataDir: options.template });
    return new PgliteDatabase(db);
  }

  async query<Row>(text: string, params: readonly unknown[] = []): Promise<QueryResult<Row>> {
    const result = await this.db.query<Row>(text, params as unknown[]);
    return { rows: result.rows, affectedRows: result.affectedRows };
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  /** `synchronousCommit` is a server's matter: the embedded database has one session and its own durability. */
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>, _options?: TransactionOptions): Promise<T> {
    return this.db.transaction(async (tx) =>
      work({
        query: async <Row>(text: string, params: readonly unknown[] = []) => {
          const result = await tx.query<Row>(text, params as unknown[]);
          return { rows: result.rows, affectedRows: result.affectedRows };
        },
      }),
    );
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    return this.db.listen(channel, onNotify);
  }

  async tryAcquireLease(key: string): Promise<Lease | null> {
    if (this.leases.has(key)) return null;
    this.leases.add(key);
    let held = true;
    return {
      key,
      isHeld: () => held && !this.db.closed,
      release: async () => {
        held = false;
        this.leases.delete(key);
      },
    };
  }

  async dump(): Promise<Blob> {
    return this.db.dumpDataDir('none');
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
  }
}
