import type { AuditLine } from './audit-trail-document.js';

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

/** The audit trail, on whichever read store (`SqlAuditTrailReader`, `MongoAuditTrailReader`). */
export interface AuditTrailReader {
  /**
   * Lines in log order (occurred-at, then position), filtered: an employer (the line's own, else its account's),
   * an account, an actor, a period (bounds included); each with its actor's label and its account's identifier.
   */
  trail(filter: AuditTrailFilter): Promise<AuditTrailEntry[]>;
}

/** 10,000 lines unless asked, 100,000 at most. */
export function auditLimit(filter: Pick<AuditTrailFilter, 'limit'>): number {
  return Math.min(filter.limit ?? 10_000, 100_000);
}

/** How an actor that is not a known account reads. */
export function actorName(actor: string): string {
  if (actor === 'system') return 'Système';
  if (actor === 'anonymous') return 'Anonyme';
  return actor;
}
