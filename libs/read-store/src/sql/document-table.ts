import type { SqlExecutor } from '@peps/sql';
import { indexField, type DocumentKind, type IndexedFieldType } from '../read-model-documents.js';

const sqlTypes: Record<IndexedFieldType, string> = {
  text: 'text',
  timestamp: 'timestamptz',
  boolean: 'boolean',
  integer: 'integer',
  numeric: 'numeric',
  bigint: 'bigint',
};

/** `lastSignInAt` → `last_sign_in_at`. */
export function sqlColumnName(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

export interface SqlColumn<Doc> {
  name: string;
  /** The element type of the column's array parameter (`timestamptz`). */
  type: string;
  /** As in `create table` (`timestamptz not null`). */
  definition: string;
  value(doc: Doc): unknown;
}

/**
 * A kind of document as an SQL table, derived from its declaration: a column per field SQL keeps, the document
 * whole in `doc jsonb`, the key as `text primary key` (or the declared `primaryKey`), and the declared indexes.
 */
export class SqlTable<Doc> {
  readonly table: string;
  readonly key: string;
  /** The declared fields SQL keeps, in declaration order. */
  readonly columns: readonly SqlColumn<Doc>[];

  constructor(readonly kind: DocumentKind<Doc>) {
    this.table = kind.table;
    this.key = sqlColumnName(kind.key);
    this.columns = Object.entries(kind.fields)
      .filter(([, field]) => field.only !== 'mongodb')
      .map(([name, field]) => ({
        name: sqlColumnName(name),
        type: sqlTypes[field.type],
        definition: `${sqlTypes[field.type]}${field.nullable ? '' : ' not null'}`,
        value: (doc: Doc) => field.value(doc),
      }));
  }

  /** `create table` statement for a migration. */
  ddl(): string {
    const columns = this.columns.map((c) => `${c.name} ${c.definition}`);
    if (this.kind.primaryKey) {
      const key = this.kind.primaryKey.map(sqlColumnName).join(', ');
      return `create table read.${this.table} (${[...columns, 'doc jsonb not null', `primary key (${key})`].join(', ')})`;
    }
    return `create table read.${this.table} (${[`${this.key} text primary key`, ...columns, 'doc jsonb not null'].join(', ')})`;
  }

  /** `create index` statement of a declared index, for the migration that brings it. */
  createIndex(name: string): string {
    const key = this.kind.sqlIndexes?.[name];
    if (!key) throw new Error(`read.${this.table} declares no index ${name}`);
    const columns = key.map((f) => {
      const { field, descending } = indexField(f);
      return `${sqlColumnName(field)}${descending ? ' desc' : ''}`;
    });
    return `create index ${this.table}_${name} on read.${this.table} (${columns.join(', ')})`;
  }

  /** Every declared index, `;`-separated. */
  createIndexes(): string {
    return Object.keys(this.kind.sqlIndexes ?? {})
      .map((name) => this.createIndex(name))
      .join(';\n');
  }

  /** A digest of every row, in key order: a rebuild must reproduce it exactly. */
  async digest(db: SqlExecutor): Promise<string> {
    const order = (this.kind.primaryKey?.map(sqlColumnName) ?? [this.key]).map((c) => `t.${c}`).join(', ');
    const { rows } = await db.query<{ digest: string | null }>(
      `select md5(coalesce(string_agg(t::text, '|' order by ${order}), '')) as digest from read.${this.table} t`,
    );
    return rows[0].digest ?? '';
  }
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
export class DocumentTable<Doc> extends SqlTable<Doc> {
  private readonly upsertSql: string;

  constructor(
    kind: DocumentKind<Doc>,
    readonly options: DocumentTableOptions = {},
  ) {
    super(kind);
    if (kind.primaryKey) throw new Error(`read.${kind.table}: a DocumentTable is keyed by its key, not by ${kind.primaryKey.join(', ')}`);
    const names = [this.key, ...this.columns.map((c) => c.name), 'doc'];
    const types = ['text', ...this.columns.map((c) => c.type), 'jsonb'];
    const onConflict = options.appendOnly
      ? `on conflict (${this.key}) do nothing`
      : `on conflict (${this.key}) do update set ${names.slice(1).map((n) => `${n} = excluded.${n}`).join(', ')}`;
    // `rows from` zips the column arrays; the documents come as one JSON array, so no array-literal escaping.
    const zipped = [...types.slice(0, -1).map((type, i) => `unnest($${i + 1}::${type}[])`), `jsonb_array_elements($${types.length}::jsonb)`];
    this.upsertSql = `insert into read.${this.table} (${names.join(', ')})
         select * from rows from (${zipped.join(', ')}) as x(${names.join(', ')})
         ${onConflict}`;
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
    const columns = this.columns;
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
}

/** As JSON would have carried it: dates as ISO text, nested values as JSON text. */
export function columnValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return value;
}
