import pg from 'pg';
import type { Lease, QueryOptions, QueryResult, SqlDatabase, SqlExecutor, TransactionOptions } from './sql-database.js';
import { leaseKeyNumber } from './sql-database.js';
import { isStalePreparedPlan, StatementNames } from './statement-names.js';

// Positions and transaction ids are 64-bit: keep int8 as strings, never lossy numbers.
pg.types.setTypeParser(20, (value: string) => value);

/** A PostgreSQL server through a `pg` pool. Leases are session advisory locks on dedicated connections. */
export class PgDatabase implements SqlDatabase {
  readonly kind = 'postgres' as const;
  private readonly pool: pg.Pool;
  /** Undefined when prepared statements are off (a transaction-mode connection pooler without support for them). */
  private readonly statements?: StatementNames;

  constructor(
    private readonly connectionString: string,
    options: { max?: number; applicationName?: string; preparedStatements?: boolean } = {},
  ) {
    if (options.preparedStatements !== false) this.statements = new StatementNames();
    this.pool = new pg.Pool({
      connectionString,
      max: options.max ?? 10,
      application_name: options.applicationName ?? 'peps-comptes',
      connectionTimeoutMillis: 5_000,
    });
    // An idle client losing its server must not crash the process; the next query reconnects.
    this.pool.on('error', () => undefined);
    // Nor may a client the pool no longer listens to: one released after a failed query is ended by the pool
    // without an 'error' listener, and its socket can still report the server's goodbye (seen once when the
    // worker died during a PostgreSQL restart). Errors of running queries still reach their callers.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  async query<Row>(text: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<QueryResult<Row>> {
    const name = this.nameOf(text, params, options);
    try {
      return toResult<Row>(await this.pool.query({ name, text, values: params as unknown[] }));
    } catch (error) {
      if (!name || !isStalePreparedPlan(error)) throw error;
      // Refused before anything ran: once more, unnamed.
      this.statements!.refuse(text);
      return toResult<Row>(await this.pool.query(text, params as unknown[]));
    }
  }

  private nameOf(text: string, params: readonly unknown[], options: QueryOptions): string | undefined {
    return params.length && options.prepare !== false ? this.statements?.nameOf(text) : undefined;
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client has no pool listener: if the server goes away while the work awaits something else
    // (no query running), `pg` emits 'error' on the client, which would crash the process. The failure reaches
    // the work through its next query; the pool discards the dead client on release.
    const onError = () => undefined;
    client.on('error', onError);
    // A named statement that failed to prepare or to bind may stay broken on this connection (node-pg believes it
    // prepared): such a client is destroyed on release rather than handed to the next caller.
    let broken: Error | undefined;
    try {
      // One simple-protocol round trip for both statements.
      await client.query(options.synchronousCommit === false ? 'BEGIN; SET LOCAL synchronous_commit TO OFF' : 'BEGIN');
      const result = await work({
        query: async <Row>(text: string, params: readonly unknown[] = [], options: QueryOptions = {}) => {
          const name = this.nameOf(text, params, options);
          try {
            return toResult<Row>(await client.query({ name, text, values: params as unknown[] }));
          } catch (error) {
            if (name && mayBreakNamedStatement(error)) {
              broken = error as Error;
              // The transaction is aborted: the caller's next attempt runs the text unnamed.
              if (isStalePreparedPlan(error)) this.statements!.refuse(text);
            }
            throw error;
          }
        },
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  async listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('error', () => undefined);
    await client.connect();
    client.on('notification', (message) => {
      if (message.channel === channel) onNotify(message.payload ?? '');
    });
    await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    return async () => {
      await client.end().catch(() => undefined);
    };
  }

  async tryAcquireLease(key: string): Promise<Lease | null> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: `peps-lease:${key}` });
    let held = false;
    client.on('error', () => {
      held = false;
    });
    client.on('end', () => {
      held = false;
    });
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('select pg_try_advisory_lock($1::bigint) as ok', [
        leaseKeyNumber(key).toString(),
      ]);
      held = rows[0].ok;
    } catch {
      held = false;
    }
    if (!held) {
      await client.end().catch(() => undefined);
      return null;
    }
    // A lease is only as good as its connection: probe it so a dead server is noticed.
    const probe = setInterval(() => {
      client.query('select 1').catch(() => {
        held = false;
      });
    }, 2_000);
    probe.unref();
    return {
      key,
      isHeld: () => held,
      release: async () => {
        clearInterval(probe);
        held = false;
        await client.end().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function toResult<Row>(result: pg.QueryResult): QueryResult<Row> {
  return { rows: result.rows as Row[], affectedRows: result.rowCount ?? undefined };
}

/**
 * A failure after which this connection's copy of a named statement may be unusable: the server refused the cached
 * plan (0A000), does not know the statement (26000), or the client failed before the server answered (no SQLSTATE:
 * a parameter that could not be serialised, after `pg` had already sent the statement's Parse).
 */
function mayBreakNamedStatement(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isStalePreparedPlan(error) || code === '26000' || typeof code !== 'string';
}

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
