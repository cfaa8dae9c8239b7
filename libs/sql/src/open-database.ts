import { join } from 'node:path';
import { PgDatabase } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';
import type { SqlDatabase } from './sql-database.js';

/** `DATABASE_URL` set: that PostgreSQL server; otherwise embedded PGlite in `<dataDir>/data`. */
export async function openDatabase(options: {
  databaseUrl?: string;
  dataDir: string;
  applicationName?: string;
  /** Named prepared statements on the server's connections (default on; see statement-names.ts). */
  preparedStatements?: boolean;
}): Promise<SqlDatabase> {
  if (options.databaseUrl) {
    return new PgDatabase(options.databaseUrl, { applicationName: options.applicationName, preparedStatements: options.preparedStatements });
  }
  return PgliteDatabase.open({ dataDir: join(options.dataDir, 'data') });
}
