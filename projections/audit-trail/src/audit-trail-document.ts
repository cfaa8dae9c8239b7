import type { FieldChange } from './describe-event.js';

/** One readable line per event (`line:<eventId>`). */
export interface AuditLine {
  eventId: string;
  /** `<transactionId>:<position>`, for a stable order. */
  sequence: string;
  occurredAt: string;
  stream: string;
  streamVersion: number;
  type: string;
  actor: string;
  accountId: string | null;
  employerId: string | null;
  summary: string;
  changes: FieldChange[];
}

/** Who an account is (`account:<accountId>`), so a line of a later event finds its employer and an actor reads as an identifier. */
export interface AuditAccount {
  accountId: string;
  employerId: string;
  identifier: string;
  name: string;
}

/** An employer (`employer:<employerId>`), so an auditor finds it by name or SIRET rather than by its technical id. */
export interface AuditEmployer {
  employerId: string;
  name: string;
  siret: string;
}

export type AuditDocument = AuditLine | AuditAccount | AuditEmployer;
