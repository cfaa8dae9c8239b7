import { DocumentTable, SqlTable, documentKind, mongoMappingOf, parseCheckpoint, positionKey, readModelDocuments } from '@peps/read-store';
import type { AuditAccountDocument, AuditDocument, AuditEmployer, AuditLine } from './audit-trail-document.js';

/** `"<transactionId>:<position>"` → a string that sorts in log order (numeric order of both parts). */
export function sequenceKey(sequence: string): string {
  const checkpoint = parseCheckpoint(sequence);
  if (!checkpoint) throw new Error(`not an audit sequence: ${sequence}`);
  return positionKey(checkpoint);
}

const [transactionIdOf, positionOf] = [0, 1].map((part) => (line: AuditLine) => line.sequence.split(':')[part]);

/**
 * The lines: table `read.audit_trail`, keyed by log position (see audit-lines-table.ts), and in MongoDB ordered by
 * `sequence`, the same position as one sortable text.
 */
export const auditLineDocuments = documentKind<AuditLine>()({
  table: 'audit_trail',
  key: 'eventId',
  kind: 'line',
  primaryKey: ['transactionId', 'position'],
  fields: {
    transactionId: { type: 'numeric', only: 'sql', value: transactionIdOf },
    position: { type: 'bigint', only: 'sql', value: positionOf },
    eventId: { type: 'text', only: 'sql', value: (l) => l.eventId },
    sequence: { type: 'text', only: 'mongodb', value: (l) => sequenceKey(l.sequence) },
    occurredAt: { type: 'timestamp', value: (l) => l.occurredAt },
    actor: { type: 'text', value: (l) => l.actor },
    accountId: { type: 'text', nullable: true, value: (l) => l.accountId },
    employerId: { type: 'text', nullable: true, value: (l) => l.employerId },
  },
  sqlIndexes: {
    order: ['occurredAt', 'transactionId', 'position'],
    account: ['accountId', 'occurredAt'],
    employer: ['employerId', 'occurredAt'],
    actor: ['actor', 'occurredAt'],
  },
});

/** The accounts: table `read.audit_accounts`. In MongoDB both kinds share the collection, so each keeps its id as a field. */
export const auditAccountDocuments = documentKind<AuditAccountDocument>()({
  table: 'audit_accounts',
  key: 'accountId',
  kind: 'account',
  fields: {
    accountId: { type: 'text', only: 'mongodb', value: (a) => a.accountId },
    employerId: { type: 'text', value: (a) => a.employerId },
    identifier: { type: 'text', value: (a) => a.identifier },
  },
});

/** The employers: table `read.audit_employers` (version 3). */
export const auditEmployerDocuments = documentKind<AuditEmployer>()({
  table: 'audit_employers',
  key: 'employerId',
  kind: 'employer',
  fields: {
    employerId: { type: 'text', only: 'mongodb', value: (e) => e.employerId },
    siret: { type: 'text', value: (e) => e.siret },
  },
});

export const auditTrailReadModel = readModelDocuments({
  projection: 'audit-trail',
  kinds: [auditLineDocuments, auditAccountDocuments, auditEmployerDocuments],
  mongoIndexes: {
    kind_order: ['kind', 'occurredAt', 'sequence'],
    kind_account: ['kind', 'accountId', 'occurredAt', 'sequence'],
    // Also finds an employer's accounts (kind "account"), and the lines that name no employer.
    kind_employer: ['kind', 'employerId', 'occurredAt', 'sequence'],
    kind_actor: ['kind', 'actor', 'occurredAt', 'sequence'],
  },
});

export const auditLinesShape = new SqlTable(auditLineDocuments);

export const auditAccountsTable = new DocumentTable(auditAccountDocuments);

export const auditEmployersTable = new DocumentTable(auditEmployerDocuments);

export const auditTrailMongoMapping = mongoMappingOf<AuditDocument>(auditTrailReadModel);
