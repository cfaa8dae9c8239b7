import type { SqlExecutor } from '../../../sql/src/index.js';

export interface Column<Doc> {
  type: string;
  value(doc: Doc): unknown;
}

/**
 * The thin writer most projections need: each document is kept whole in a `doc jsonb` column, next to the
 * columns queries filter and sort on. A batch loads with one query and saves with one upsert and one delete.
 */
export class DocumentTable<Doc> {
  constructor(
    readonly table: string,
    private readonly key: string,
    private readonly columns: Record<string, Column<Doc>>,
  ) {}

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
    const upserts: Record<string, unknown>[] = [];
    const deletes: string[] = [];
    for (const [key, doc] of changes) {
      if (doc === null) {
        deletes.push(key);
        continue;
      }
      const row: Record<string, unknown> = { [this.key]: key, doc };
      for (const [name, column] of Object.entries(this.columns)) row[name] = column.value(doc);
      upserts.push(row);
    }
    if (upserts.length) {
      const names = [this.key, ...Object.keys(this.columns), 'doc'];
      const types = [`${this.key} text`, ...Object.entries(this.columns).map(([n, c]) => `${n} ${c.type.replace(/\s+(not null|null|primary key).*$/i, '')}`), 'doc jsonb'];
      await tx.query(
        `insert into read.${this.table} (${names.join(', ')})
         select ${names.join(', ')} from jsonb_to_recordset($1::jsonb) as x(${types.join(', ')})
         on conflict (${this.key}) do update set ${names.slice(1).map((n) => `${n} = excluded.${n}`).join(', ')}`,
        [JSON.stringify(upserts)],
      );
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
