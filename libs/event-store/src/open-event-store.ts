import type { SqlDatabase } from '@peps/sql';
import type { EventStore } from './event-store.port.js';
import { KurrentDbEventStore } from './kurrentdb/kurrentdb-event-store.js';
import { SqlEventStore } from './sql/sql-event-store.js';

/**
 * The event store of a deployment: KurrentDB/EventStoreDB when `kurrentDbUrl` (KURRENTDB_URL) is set, else the SQL
 * store on `db` (PGlite or PostgreSQL), migrated on open.
 */
export async function openEventStore(options: { kurrentDbUrl?: string; db: SqlDatabase }): Promise<EventStore> {
  const url = options.kurrentDbUrl?.trim();
  if (url) return KurrentDbEventStore.connect(url);
  return SqlEventStore.open(options.db);
}
