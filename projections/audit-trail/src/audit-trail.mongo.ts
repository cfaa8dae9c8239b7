import type { Db, Filter } from 'mongodb';
import { LIVE, parseCheckpoint, positionKey, type MongoProjectionMapping, type StoredDocument } from '@peps/read-store';
import type { AuditLine } from './audit-lines-table.js';
import type { AuditAccount, AuditDocument } from './audit-trail.projection.js';
import { actorName, type AuditTrailEntry, type AuditTrailFilter } from './audit-trail.queries.js';

/** `"<transactionId>:<position>"` → a string that sorts in log order (numeric order of both parts). */
export function sequenceKey(sequence: string): string {
  const checkpoint = parseCheckpoint(sequence);
  if (!checkpoint) throw new Error(`not an audit sequence: ${sequence}`);
  return positionKey(checkpoint);
}

/**
 * MongoDB counterpart of `auditLinesTable` and `auditAccountsTable`: one collection `audit-trail` with both kinds,
 * `_id` = the projection key (`line:<eventId>`, `account:<accountId>`), told apart by `kind`.
 */
export const auditTrailMongoMapping: MongoProjectionMapping<AuditDocument> = {
  projection: 'audit-trail',
  fields(key, d) {
    if (key.startsWith('account:')) {
      const a = d as AuditAccount;
      return { kind: 'account', accountId: a.accountId, employerId: a.employerId, identifier: a.identifier };
    }
    const l = d as AuditLine;
    return {
      kind: 'line',
      sequence: sequenceKey(l.sequence),
      occurredAt: new Date(l.occurredAt),
      actor: l.actor,
      accountId: l.accountId,
      employerId: l.employerId,
    };
  },
  indexes: [
    { name: 'kind_order', key: { kind: 1, occurredAt: 1, sequence: 1 } },
    { name: 'kind_account', key: { kind: 1, accountId: 1, occurredAt: 1, sequence: 1 } },
    // Also finds an employer's accounts (kind "account"), and the lines that name no employer.
    { name: 'kind_employer', key: { kind: 1, employerId: 1, occurredAt: 1, sequence: 1 } },
    { name: 'kind_actor', key: { kind: 1, actor: 1, occurredAt: 1, sequence: 1 } },
  ],
};

export function auditLimit(filter: Pick<AuditTrailFilter, 'limit'>): number {
  return Math.min(filter.limit ?? 10_000, 100_000);
}

/**
 * Pure: the filter of audit lines. The SQL query keeps a line when its own employer, or else its account's
 * employer, is the one asked for; `employerAccounts` are that employer's account ids (read first).
 */
export function auditLinesFilter(filter: AuditTrailFilter, employerAccounts: readonly string[] = []): Filter<StoredDocument<AuditDocument>> {
  const where: Record<string, unknown> = { kind: 'line', ...LIVE };
  if (filter.employerId !== undefined) {
    where.$or = [{ employerId: filter.employerId }, { employerId: null, accountId: { $in: [...employerAccounts] } }];
  }
  if (filter.accountId !== undefined) where.accountId = filter.accountId;
  if (filter.actor !== undefined) where.actor = filter.actor;
  if (filter.from || filter.to) {
    where.occurredAt = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) };
  }
  return where as Filter<StoredDocument<AuditDocument>>;
}

/** Pure: a line with the labels of its actor and account (from the account documents found). */
export function toAuditTrailEntry(line: AuditLine, accounts: ReadonlyMap<string, AuditAccount>): AuditTrailEntry {
  const who = accounts.get(line.actor);
  const account = line.accountId ? accounts.get(line.accountId) : undefined;
  return {
    ...line,
    actorLabel: who ? `${who.identifier} (${who.name})` : actorName(line.actor),
    accountIdentifier: account?.identifier ?? null,
  };
}

/** `auditTrail` on MongoDB: in log order, filtered like the SQL query. */
export async function auditTrailMongo(db: Db, filter: AuditTrailFilter): Promise<AuditTrailEntry[]> {
  const collection = db.collection<StoredDocument<AuditDocument>>(auditTrailMongoMapping.projection);
  let employerAccounts: string[] = [];
  if (filter.employerId !== undefined) {
    const accounts = await collection.find({ kind: 'account', employerId: filter.employerId, ...LIVE }, { projection: { accountId: 1 } }).toArray();
    employerAccounts = accounts.map((a) => String(a.accountId));
  }
  const lines = await collection
    .find(auditLinesFilter(filter, employerAccounts), { projection: { doc: 1 } })
    .sort({ occurredAt: 1, sequence: 1 })
    .limit(auditLimit(filter))
    .toArray();
  const docs = lines.map((l) => l.doc as AuditLine);
  const ids = new Set<string>();
  for (const line of docs) {
    ids.add(`account:${line.actor}`);
    if (line.accountId) ids.add(`account:${line.accountId}`);
  }
  const found = ids.size ? await collection.find({ _id: { $in: [...ids] }, ...LIVE }, { projection: { doc: 1 } }).toArray() : [];
  const accounts = new Map(found.map((a) => [(a.doc as AuditAccount).accountId, a.doc as AuditAccount]));
  return docs.map((line) => toAuditTrailEntry(line, accounts));
}
