import { CSV_BOM, csvLine } from '@peps/read-store';
import type { AuditTrailEntry } from './audit-trail.reader.js';

const parisDateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });

/** A French spreadsheet reads local time: « 02/12/2026 13:05:00 », Paris time (CET/CEST). */
export function parisCsvDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : parisDateTime.format(date);
}

/** UTF-8 with BOM, `;`, dates in Paris time: one row per changed field, or one for a line without changes. */
export function auditTrailCsv(entries: AuditTrailEntry[]): string {
  const parts = [CSV_BOM, csvLine(['Date', 'Auteur', 'Compte', 'Événement', 'Champ', 'Ancienne valeur', 'Nouvelle valeur'])];
  for (const e of entries) {
    const base = [parisCsvDate(e.occurredAt), e.actorLabel, e.accountIdentifier ?? '', e.summary];
    if (!e.changes.length) parts.push(csvLine([...base, '', '', '']));
    for (const c of e.changes) parts.push(csvLine([...base, c.label, c.from ?? '', c.to ?? '']));
  }
  return parts.join('');
}
