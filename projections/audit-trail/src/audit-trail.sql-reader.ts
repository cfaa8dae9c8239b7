import type { SqlExecutor } from '@peps/sql';
import type { AuditAccount, AuditEmployer } from './audit-trail-document.js';
import { AUDIT_LINE_COLUMNS, auditLinesTable, type AuditLineRow } from './audit-lines-table.js';
import { actorName, auditLimit, matchingEmployers, shownLine, type AuditTrailEntry, type AuditTrailFilter, type AuditTrailReader } from './audit-trail.reader.js';

export class SqlAuditTrailReader implements AuditTrailReader {
  constructor(private readonly db: SqlExecutor) {}

  async trail(filter: AuditTrailFilter): Promise<AuditTrailEntry[]> {
    const { rows } = await this.db.query<AuditLineRow & { actor_label: string | null; account_identifier: string | null }>(
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
      [filter.employerId ?? null, filter.accountId ?? null, filter.actor ?? null, filter.from?.toISOString() ?? null, filter.to?.toISOString() ?? null, auditLimit(filter)],
      // Optional filters: each search gets a plan for the filters it has.
      { prepare: false },
    );
    return rows.map((r) => {
      const line = shownLine(auditLinesTable.fromRow(r));
      return { ...line, actorLabel: r.actor_label ?? actorName(line.actor), accountIdentifier: r.account_identifier };
    });
  }

  async accounts(ids: readonly string[]): Promise<AuditAccount[]> {
    if (!ids.length) return [];
    const { rows } = await this.db.query<{ account_id: string; employer_id: string; identifier: string; name: string | null }>(
      `select account_id, employer_id, identifier, doc->>'name' as name from read.audit_accounts where account_id = any($1::text[])`,
      [[...ids]],
    );
    return rows.map((r) => ({ accountId: r.account_id, employerId: r.employer_id, identifier: r.identifier, name: r.name ?? '' }));
  }

  async employers(search?: string): Promise<AuditEmployer[]> {
    // Employers number in the thousands at most: matched in one place (matchingEmployers) for both stores.
    const { rows } = await this.db.query<{ employer_id: string; siret: string; name: string | null }>(
      `select employer_id, siret, doc->>'name' as name from read.audit_employers`,
    );
    return matchingEmployers(rows.map((r) => ({ employerId: r.employer_id, siret: r.siret, name: r.name ?? '' })), search);
  }
}
