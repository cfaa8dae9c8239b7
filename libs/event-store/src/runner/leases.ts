import type { Lease, SqlDatabase } from '@peps/sql';

/**
 * Where a runner takes its lease, so that one instance per key is active per database: advisory locks on SQL
 * (`sqlLeases`), lease documents on MongoDB (`MongoLeases` of @peps/read-store).
 */
export interface Leases {
  /** The lease, or null when another process holds it. */
  tryAcquire(key: string): Promise<Lease | null>;
}

/** Leases as session-level advisory locks of the SQL database (held by a connection of their own). */
export function sqlLeases(db: Pick<SqlDatabase, 'tryAcquireLease'>): Leases {
  return { tryAcquire: (key) => db.tryAcquireLease(key) };
}
