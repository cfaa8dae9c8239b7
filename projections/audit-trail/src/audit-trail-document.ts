import type { FieldChange } from './describe-event.js';

/** One readable line per event (`line:<stream>@<version>`: an erasure finds its account's earlier lines by version). */
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
  /**
   * The line as it reads once its person's data are erased, kept only where it differs (a personal value shows):
   * the erasure swaps it in, so the live line is what a rebuild from the erased events writes. Never shown.
   */
  erased?: ErasedDescription;
}

export interface ErasedDescription {
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

/** An account as the read model keeps it: both names apart, so a change of one keeps the other whole. */
export interface AuditAccountDocument extends AuditAccount {
  firstName: string;
  lastName: string;
}

/** An employer (`employer:<employerId>`), so an auditor finds it by name or SIRET rather than by its technical id. */
export interface AuditEmployer {
  employerId: string;
  name: string;
  siret: string;
}

export type AuditDocument = AuditLine | AuditAccountDocument | AuditEmployer;
