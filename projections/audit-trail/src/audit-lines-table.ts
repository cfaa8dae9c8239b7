import { columnValue } from '@peps/read-store';
import type { SqlExecutor } from '@peps/sql';
import type { AuditLine } from './audit-trail-document.js';
import { auditLinesShape } from './audit-trail.documents.js';

/** What `doc` holds: the line without the fields that are columns. */
type LineDocument = Pick<AuditLine, 'stream' | 'streamVersion' | 'type' | 'summary' | 'changes' | 'erased'>;

export interface AuditLineRow {
  event_id: string;
  transaction_id: string;
  position: string;
  occurred_at: Date | string;
  actor: string;
  account_id: string | null;
  employer_id: string | null;
  doc: LineDocument | string;
}

/** Columns to select for `fromRow`, on a table aliased `t`. */
export const AUDIT_LINE_COLUMNS =
  't.event_id, t.transaction_id::text as transaction_id, t.position::text as position, t.occurred_at, t.actor, t.account_id, t.employer_id, t.doc';

const columns = auditLinesShape.columns;
const names = [...columns.map((c) => c.name), 'doc'];
const zipped = [...columns.map((c, i) => `unnest($${i + 1}::${c.type}[])`), `jsonb_array_elements($${columns.length + 1}::jsonb)`];
const insertSql = `insert into read.${auditLinesShape.table} (${names.join(', ')})
       select * from rows from (${zipped.join(', ')})
       on conflict (transaction_id, position) do update set doc = excluded.doc
       where ${auditLinesShape.table}.doc is distinct from excluded.doc`;

/**
 * The audit trail's table, keyed by log position (transaction id, position) rather than by event id: lines arrive
 * in log order, so every insert lands at the right edge of the primary key instead of a random page of it (random
 * keys cost a page read and, after each checkpoint, a full-page image in the WAL per line). The document leaves out
 * what the columns hold. Together: an insert of 1,000 lines 0.64 × the cost of the DocumentTable it replaces
 * (docs/performance.md, fourth round). A line is written once, by its event; only an erasure rewrites it (its
 * personal values for their erased form), so a line saved again replaces the row when it differs.
 */
export const auditLinesTable = {
  ddl: () => auditLinesShape.ddl(),
  createIndexes: () => auditLinesShape.createIndexes(),

  async save(tx: SqlExecutor, lines: Iterable<AuditLine>): Promise<void> {
    const arrays: unknown[][] = columns.map(() => []);
    const documents: LineDocument[] = [];
    for (const line of lines) {
      for (let i = 0; i < columns.length; i++) arrays[i].push(columnValue(columns[i].value(line)));
      const doc: LineDocument = { stream: line.stream, streamVersion: line.streamVersion, type: line.type, summary: line.summary, changes: line.changes };
      if (line.erased) doc.erased = line.erased;
      documents.push(doc);
    }
    if (!documents.length) return;
    await tx.query(insertSql, [...arrays, JSON.stringify(documents)]);
  },

  fromRow(row: AuditLineRow): AuditLine {
    const doc = (typeof row.doc === 'string' ? JSON.parse(row.doc) : row.doc) as LineDocument;
    return {
      eventId: row.event_id,
      sequence: `${row.transaction_id}:${row.position}`,
      occurredAt: new Date(row.occurred_at).toISOString(),
      stream: doc.stream,
      streamVersion: doc.streamVersion,
      type: doc.type,
      actor: row.actor,
      accountId: row.account_id,
      employerId: row.employer_id,
      summary: doc.summary,
      changes: doc.changes,
      ...(doc.erased ? { erased: doc.erased } : {}),
    };
  },

  /** The lines of an account's stream before `version` that show a personal value (those an erasure rewrites). */
  async erasable(tx: SqlExecutor, accountId: string, stream: string, version: number): Promise<AuditLine[]> {
    const { rows } = await tx.query<AuditLineRow>(
      `select ${AUDIT_LINE_COLUMNS} from read.${auditLinesShape.table} t
       where t.account_id = $1 and t.doc->'erased' is not null and t.doc->>'stream' = $2 and (t.doc->>'streamVersion')::int < $3`,
      [accountId, stream, version],
    );
    return rows.map((row) => auditLinesTable.fromRow(row));
  },

  /** A digest of every line, in log order: a rebuild must reproduce it exactly. */
  digest: (db: SqlExecutor) => auditLinesShape.digest(db),
};
