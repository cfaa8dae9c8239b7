export * from './sql-database.js';
export * from './migrations.js';
export { PgDatabase, quoteIdentifier } from './pg-database.js';
export { PgliteDatabase } from './pglite-database.js';
export { openDatabase } from './open-database.js';
