import type { SqlDatabase } from '@peps/sql';

/**
 * A rebuild from zero inserts every row of a projection: maintaining secondary indexes row by row costs more than
 * building them once at the end (the audit trail has four). So a rebuild of idle projections drops their non-unique
 * indexes after emptying the tables and creates them again when it is done. The definitions are kept in
 * `read.deferred_indexes` in the same transaction as the drop: if the process dies mid-rebuild, the next
 * `SqlReadStore.open` (platform, worker or CLI start) creates them again. Primary keys and unique indexes stay: the
 * upserts need them.
 */
export async function deferIndexes(db: SqlDatabase, tables: readonly string[]): Promise<number> {
  if (!tables.length) return 0;
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ tablename: string; indexname: string; indexdef: string }>(
      `select i.tablename, i.indexname, i.indexdef
         from pg_indexes i
         join pg_class c on c.relname = i.indexname
         join pg_namespace n on n.oid = c.relnamespace and n.nspname = i.schemaname
         join pg_index x on x.indexrelid = c.oid
        where i.schemaname = 'read' and i.tablename = any($1::text[]) and not x.indisunique and not x.indisprimary
        order by i.tablename, i.indexname`,
      [[...tables]],
    );
    for (const row of rows) {
      await tx.query(
        `insert into read.deferred_indexes (index_name, table_name, definition) values ($1, $2, $3)
         on conflict (index_name) do update set definition = excluded.definition`,
        [row.indexname, row.tablename, row.indexdef],
      );
      await tx.query(`drop index read.${quoteName(row.indexname)}`);
    }
    return rows.length;
  });
}

/** Creates every deferred index again (after a rebuild, or at start after one that did not finish). */
export async function restoreDeferredIndexes(db: SqlDatabase): Promise<number> {
  const { rows } = await db.query<{ index_name: string; definition: string }>(
    'select index_name, definition from read.deferred_indexes order by table_name, index_name',
  );
  for (const row of rows) {
    await db.transaction(async (tx) => {
      // `if not exists`: a crash between the create and the delete leaves the index there already.
      await tx.query(row.definition.replace(/^CREATE (UNIQUE )?INDEX /i, (head) => `${head}IF NOT EXISTS `));
      await tx.query('delete from read.deferred_indexes where index_name = $1', [row.index_name]);
    });
  }
  return rows.length;
}

function quoteName(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
