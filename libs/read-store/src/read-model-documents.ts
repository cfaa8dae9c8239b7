/**
 * What a read model declares once about its documents: the fields its queries filter and sort on, how each is
 * computed from the document, and the indexes over them. The SQL adapter derives its table and indexes from it
 * (`DocumentTable`), the MongoDB adapter its document fields and indexes (`mongoMappingOf`).
 */

/** SQL: `text`, `timestamptz`, `boolean`, `integer`, `numeric`, `bigint`; MongoDB: the same, a timestamp as a `Date`. */
export type IndexedFieldType = 'text' | 'timestamp' | 'boolean' | 'integer' | 'numeric' | 'bigint';

export interface IndexedField<Doc> {
  readonly type: IndexedFieldType;
  /** May be null (SQL: a column without `not null`). */
  readonly nullable?: boolean;
  /** Kept by one store only, for what only that store's queries need. */
  readonly only?: 'sql' | 'mongodb';
  /** Pure: from the document. A timestamp is ISO-8601 text. */
  value(doc: Doc): string | number | boolean | null;
}

/** An index: field names in order, `<field> desc` for a descending one. */
export type IndexKey<F extends string> = readonly (F | `${F} desc`)[];

/** One kind of document: one SQL table; in MongoDB, the documents of the projection's collection of that kind. */
export interface DocumentKind<Doc = any> {
  /** The SQL table, in schema `read`. */
  readonly table: string;
  /** The document's key: the SQL table's `text primary key` (in snake case), the MongoDB `_id`. */
  readonly key: string;
  /**
   * Set when the projection keeps several kinds: its keys are then `<kind>:<key>`, and MongoDB keeps every kind
   * in the one collection, with a `kind` field.
   */
  readonly kind?: string;
  readonly fields: Readonly<Record<string, IndexedField<Doc>>>;
  /** Fields making up the SQL primary key instead of `key` (a table that is never read by key). */
  readonly primaryKey?: readonly string[];
  /** SQL indexes, each named `<table>_<name>`; a migration creates them (`DocumentTable.createIndex`). */
  readonly sqlIndexes?: Readonly<Record<string, IndexKey<string>>>;
}

export interface DocumentKindSpec<Doc, F extends string, K extends string> {
  readonly table: string;
  readonly key: K;
  readonly kind?: string;
  readonly fields: { readonly [name in F]: IndexedField<Doc> };
  readonly primaryKey?: readonly NoInfer<F>[];
  readonly sqlIndexes?: Readonly<Record<string, IndexKey<NoInfer<F> | NoInfer<K>>>>;
}

/**
 * Declares a kind of document, index fields checked against the declared ones:
 * `documentKind<AccountListEntry>()({ table, key, fields, sqlIndexes })`.
 */
export function documentKind<Doc>() {
  return <F extends string, K extends string>(spec: DocumentKindSpec<Doc, F, K>): DocumentKind<Doc> => {
    const known = new Set<string>([spec.key, ...Object.keys(spec.fields)]);
    for (const [name, key] of Object.entries<IndexKey<string>>(spec.sqlIndexes ?? {})) {
      for (const field of key) {
        const bare = indexField(field).field;
        if (!known.has(bare)) throw new Error(`${spec.table}: index ${name} names an unknown field ${bare}`);
        if (bare !== spec.key && spec.fields[bare as F]?.only === 'mongodb') throw new Error(`${spec.table}: index ${name} names ${bare}, which SQL does not keep`);
      }
    }
    return spec as DocumentKind<Doc>;
  };
}

/** A projection's documents: one kind, or several (each with its `kind`), and the MongoDB indexes of its collection. */
export interface ReadModelDocuments {
  /** The projection's name: also its MongoDB collection. */
  readonly projection: string;
  readonly kinds: readonly DocumentKind[];
  /**
   * MongoDB indexes of the collection, by name; fields as the documents hold them (`kind` and `_id` included).
   * They differ from the SQL ones where the planners do: MongoDB sorts by an index or in memory.
   */
  readonly mongoIndexes?: Readonly<Record<string, IndexKey<string>>>;
}

export function readModelDocuments(documents: ReadModelDocuments): ReadModelDocuments {
  const several = documents.kinds.length > 1;
  for (const kind of documents.kinds) {
    if (several && !kind.kind) throw new Error(`${documents.projection}: ${kind.table} needs a kind, the projection keeps several`);
  }
  const known = new Set(['_id', ...(several ? ['kind'] : []), ...documents.kinds.flatMap((k) => mongoFieldNames(k))]);
  for (const [name, key] of Object.entries(documents.mongoIndexes ?? {})) {
    for (const field of key) {
      const bare = indexField(field).field;
      if (!known.has(bare)) throw new Error(`${documents.projection}: index ${name} names an unknown field ${bare}`);
    }
  }
  return documents;
}

/** The kind a projection key belongs to, and the document's own key. */
export function kindOfKey(documents: ReadModelDocuments, key: string): { kind: DocumentKind; key: string } {
  if (documents.kinds.length === 1) return { kind: documents.kinds[0], key };
  const kind = documents.kinds.find((k) => key.startsWith(`${k.kind}:`));
  if (!kind) throw new Error(`${documents.projection}: no kind of document for key ${key}`);
  return { kind, key: key.slice(kind.kind!.length + 1) };
}

export function indexField(field: string): { field: string; descending: boolean } {
  return field.endsWith(' desc') ? { field: field.slice(0, -' desc'.length), descending: true } : { field, descending: false };
}

function mongoFieldNames(kind: DocumentKind): string[] {
  return Object.entries(kind.fields)
    .filter(([, f]) => f.only !== 'sql')
    .map(([name]) => name);
}
