import type { AuditAccount, AuditEmployer, AuditLine } from './audit-trail-document.js';

export interface AuditTrailFilter {
  employerId?: string;
  accountId?: string;
  /** An account id, `system` or `anonymous`. */
  actor?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

export interface AuditTrailEntry extends Omit<AuditLine, 'erased'> {
  actorLabel: string;
  accountIdentifier: string | null;
}

/** The audit trail, on whichever read store (`SqlAuditTrailReader`, `MongoAuditTrailReader`). */
export interface AuditTrailReader {
  /**
   * Lines in log order (occurred-at, then position), filtered: an employer (the line's own, else its account's),
   * an account, an actor, a period (bounds included); each with its actor's label and its account's identifier.
   */
  trail(filter: AuditTrailFilter): Promise<AuditTrailEntry[]>;
  /** The accounts known among these ids (identifier and current name), to name the authors of a history. */
  accounts(ids: readonly string[]): Promise<AuditAccount[]>;
  /** Employers whose name or SIRET contains `search` (accents and case ignored), by name; 50 at most. Every one without a search. */
  employers(search?: string): Promise<AuditEmployer[]>;
}

export const EMPLOYER_SEARCH_LIMIT = 50;

/** Name or SIRET, compared without accents, case or spaces. */
export function employerSearchKey(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/\s+/g, '').toUpperCase();
}

/** Pure: the employers that match, by name, as both readers answer. */
export function matchingEmployers(employers: readonly AuditEmployer[], search?: string): AuditEmployer[] {
  const wanted = employerSearchKey(search ?? '');
  return employers
    .filter((e) => !wanted || employerSearchKey(e.name).includes(wanted) || e.siret.includes(wanted))
    .sort((a, b) => a.name.localeCompare(b.name, 'fr') || a.employerId.localeCompare(b.employerId))
    .slice(0, EMPLOYER_SEARCH_LIMIT);
}

/** 10,000 lines unless asked, 100,000 at most. */
export function auditLimit(filter: Pick<AuditTrailFilter, 'limit'>): number {
  return Math.min(filter.limit ?? 10_000, 100_000);
}

/** Pure: a line as the readers answer it, without its erased form (kept for the erasure only). */
export function shownLine({ erased: _erased, ...line }: AuditLine): Omit<AuditLine, 'erased'> {
  return line;
}

/** How an actor that is not a known account reads. */
export function actorName(actor: string): string {
  if (actor === 'system') return 'Système';
  if (actor === 'anonymous') return 'Anonyme';
  return actor;
}
