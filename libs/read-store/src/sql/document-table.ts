import type { SqlExecutor } from '@peps/sql';

export interface Column<Doc> {
  type: string;
  value(doc: Doc): unknown;
}

export interface DocumentTableOptions {
  /**
   * Rows are written once and never change (an audit line per event): `save` inserts and leaves an existing row
   * as it is (`on conflict do nothing`), so the projection need not load them first.
   */
  appendOnly?: boolean;
}

/**
 * The thin writer most projections need: each document is kept whole in a `doc jsonb` column, next to the
 * columns queries filter and sort on. A batch loads with one query and saves with one multi-row upsert (one
 * array parameter per column, `unnest`ed on the server) and one delete.
 */
export class DocumentTable<Doc> {
  private readonly columnNames: string[];
  private readonly upsertSql: string;

  constructor(
    readonly table: string,
    private readonly key: string,
    private readonly columns: Record<string, Column<Doc>>,
    readonly options: DocumentTableOptions = {},
  ) {
    this.columnNames = Object.keys(columns);
    const names = [key, ...this.columnNames, 'doc'];
    const types = ['text', ...Object.values(columns).map((c) => baseType(c.type)), 'jsonb'];
    const onConflict = options.appendOnly
      ? `on conflict (${key}) do nothing`
      : `on conflict (${key}) do update set ${names.slice(1).map((n) => `${n} = excluded.${n}`).join(', ')}`;
    // `rows from` zips the column arrays; the documents come as one JSON array, so no array-literal escaping.
    const zipped = [...types.slice(0, -1).map((type, i) => `unnest($${i + 1}::${type}[])`), `jsonb_array_elements($${types.length}::jsonb)`];
    this.upsertSql = `insert into read.${table} (${names.join(', ')})
         select * from rows from (${zipped.join(', ')}) as x(${names.join(', ')})
         ${onConflict}`;
  }

  /** `create table` statement for a migration. */
  ddl(extra = ''): string {
    const cols = Object.entries(this.columns).map(([name, c]) => `${name} ${c.type}`);
    return `create table read.${this.table} (${this.key} text primary key, ${[...cols, 'doc jsonb not null'].join(', ')}${extra ? `, ${extra}` : ''})`;
  }

  async load(tx: SqlExecutor, keys: readonly string[]): Promise<Map<string, Doc>> {
    if (!keys.length) return new Map();
    const { rows } = await tx.query<{ k: string; doc: Doc | string }>(
      `select ${this.key} as k, doc from read.${this.table} where ${this.key} = any($1::text[])`,
      [[...keys]],
    );
    return new Map(rows.map((r) => [r.k, typeof r.doc === 'string' ? (JSON.parse(r.doc) as Doc) : r.doc]));
  }

  async save(tx: SqlExecutor, changes: Map<string, Doc | null>): Promise<void> {
    const columns = Object.values(this.columns);
    // Column-wise arrays: keys, each indexed column, then the documents (one JSON array, serialised once).
    const arrays: unknown[][] = [[], ...columns.map(() => []), []];
    const deletes: string[] = [];
    for (const [key, doc] of changes) {
      if (doc === null) {
        if (this.options.appendOnly) throw new Error(`read.${this.table} is append-only: ${key} cannot be deleted`);
        deletes.push(key);
        continue;
      }
      arrays[0].push(key);
      for (let i = 0; i < columns.length; i++) arrays[i + 1].push(columnValue(columns[i].value(doc)));
      arrays[columns.length + 1].push(doc);
    }
    if (arrays[0].length) {
      const params: unknown[] = arrays.slice(0, -1);
      params.push(JSON.stringify(arrays[columns.length + 1]));
      await tx.query(this.upsertSql, params);
    }
    if (deletes.length) await tx.query(`delete from read.${this.table} where ${this.key} = any($1::text[])`, [deletes]);
  }

  /** A digest of every row, in key order: a rebuild must reproduce it exactly. */
  async digest(db: SqlExecutor): Promise<string> {
    const { rows } = await db.query<{ digest: string | null }>(
      `select md5(coalesce(string_agg(t::text, '|' order by t.${this.key}), '')) as digest from read.${this.table} t`,
    );
    return rows[0].digest ?? '';
  }
}

/** `numeric not null` → `numeric`: the element type of the column's array parameter. */
function baseType(type: string): string {
  return type.replace(/\s+(not null|null|primary key|default|references|check|unique).*$/i, '').trim();
}

/** As JSON would have carried it: dates as ISO text, nested values as JSON text. */
function columnValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
