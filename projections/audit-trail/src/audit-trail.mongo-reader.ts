import type { Db, Filter } from 'mongodb';
import { LIVE, type StoredDocument } from '@peps/read-store';
import type { AuditAccount, AuditAccountDocument, AuditDocument, AuditEmployer, AuditLine } from './audit-trail-document.js';
import { auditTrailMongoMapping } from './audit-trail.documents.js';
import { actorName, auditLimit, matchingEmployers, shownLine, type AuditTrailEntry, type AuditTrailFilter, type AuditTrailReader } from './audit-trail.reader.js';

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
    ...shownLine(line),
    actorLabel: who ? `${who.identifier} (${who.name})` : actorName(line.actor),
    accountIdentifier: account?.identifier ?? null,
  };
}

export class MongoAuditTrailReader implements AuditTrailReader {
  constructor(private readonly db: Db) {}

  async trail(filter: AuditTrailFilter): Promise<AuditTrailEntry[]> {
    const collection = this.db.collection<StoredDocument<AuditDocument>>(auditTrailMongoMapping.projection);
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

  async accounts(ids: readonly string[]): Promise<AuditAccount[]> {
    if (!ids.length) return [];
    const collection = this.db.collection<StoredDocument<AuditDocument>>(auditTrailMongoMapping.projection);
    const found = await collection.find({ _id: { $in: ids.map((id) => `account:${id}`) }, ...LIVE }, { projection: { doc: 1 } }).toArray();
    // The reader answers what the SQL one does: identifier and current name, not the names apart.
    return found.map((a) => {
      const { accountId, employerId, identifier, name } = a.doc as AuditAccountDocument;
      return { accountId, employerId, identifier, name };
    });
  }

  async employers(search?: string): Promise<AuditEmployer[]> {
    const collection = this.db.collection<StoredDocument<AuditDocument>>(auditTrailMongoMapping.projection);
    const found = await collection.find({ kind: 'employer', ...LIVE }, { projection: { doc: 1 } }).toArray();
    return matchingEmployers(found.map((e) => e.doc as AuditEmployer), search);
  }
}
