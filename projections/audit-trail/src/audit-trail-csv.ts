import { CSV_BOM, csvLine } from '@peps/read-store';
import type { AuditTrailEntry } from './audit-trail.reader.js';

/** UTF-8 with BOM, `;`: one row per changed field, or one for a line without changes. */
export function auditTrailCsv(entries: AuditTrailEntry[]): string {
  const parts = [CSV_BOM, csvLine(['Date', 'Auteur', 'Compte', 'Événement', 'Champ', 'Ancienne valeur', 'Nouvelle valeur'])];
  for (const e of entries) {
    const base = [e.occurredAt, e.actorLabel, e.accountIdentifier ?? '', e.summary];
    if (!e.changes.length) parts.push(csvLine([...base, '', '', '']));
    for (const c of e.changes) parts.push(csvLine([...base, c.label, c.from ?? '', c.to ?? '']));
  }
  return parts.join('');
}
