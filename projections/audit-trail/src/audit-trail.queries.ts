import { CSV_BOM, csvLine } from '@peps/read-store';
import type { SqlExecutor } from '@peps/sql';
import { AUDIT_LINE_COLUMNS, auditLinesTable, type AuditLine, type AuditLineRow } from './audit-lines-table.js';

export interface AuditTrailFilter {
  employerId?: string;
  accountId?: string;
  /** An account id, `system` or `anonymous`. */
  actor?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

export interface AuditTrailEntry extends AuditLine {
  actorLabel: string;
  accountIdentifier: string | null;
}

export async function auditTrail(db: SqlExecutor, filter: AuditTrailFilter): Promise<AuditTrailEntry[]> {
  const { rows } = await db.query<AuditLineRow & { actor_label: string | null; account_identifier: string | null }>(
    `select ${AUDIT_LINE_COLUMNS}, who.identifier || ' (' || (who.doc->>'name') || ')' as actor_label, acc.identifier as account_identifier
     from read.audit_trail t
     left join read.audit_accounts acc on acc.account_id = t.account_id
     left join read.audit_accounts who on who.account_id = t.actor
     where ($1::text is null or coalesce(t.employer_id, acc.employer_id) = $1)
       and ($2::text is null or t.account_id = $2)
       and ($3::text is null or t.actor = $3)
       and ($4::timestamptz is null or t.occurred_at >= $4)
       and ($5::timestamptz is null or t.occurred_at <= $5)
     order by t.occurred_at, t.transaction_id, t.position
     limit $6`,
    [filter.employerId ?? null, filter.accountId ?? null, filter.actor ?? null, filter.from?.toISOString() ?? null, filter.to?.toISOString() ?? null, Math.min(filter.limit ?? 10_000, 100_000)],
    // Optional filters: each search gets a plan for the filters it has.
    { prepare: false },
  );
  return rows.map((r) => {
    const line = auditLinesTable.fromRow(r);
    return { ...line, actorLabel: r.actor_label ?? actorName(line.actor), accountIdentifier: r.account_identifier };
  });
}

export function actorName(actor: string): string {
  if (actor === 'system') return 'Système';
  if (actor === 'anonymous') return 'Anonyme';
  return actor;
}

export function auditTrailCsv(entries: AuditTrailEntry[]): string {
  const parts = [CSV_BOM, csvLine(['Date', 'Auteur', 'Compte', 'Événement', 'Champ', 'Ancienne valeur', 'Nouvelle valeur'])];
  for (const e of entries) {
    const base = [e.occurredAt, e.actorLabel, e.accountIdentifier ?? '', e.summary];
    if (!e.changes.length) parts.push(csvLine([...base, '', '', '']));
    for (const c of e.changes) parts.push(csvLine([...base, c.label, c.from ?? '', c.to ?? '']));
  }
  return parts.join('');
}
