import { ERASED_VALUE } from '@peps/domain';
import { categoryOf } from '@peps/event-store';
import type { ProjectedEvent, Projection } from '@peps/read-store';
import { auditLinesTable } from './audit-lines-table.js';
import type { AuditAccountDocument, AuditDocument, AuditEmployer, AuditLine } from './audit-trail-document.js';
import { auditAccountsTable, auditEmployersTable } from './audit-trail.documents.js';
import { describeEvent } from './describe-event.js';
import { erasedEventData, withoutConnectionData } from './erased-event-data.js';

const ERASURE = 'account.personal-data-erased';

/** A line's key: its event's stream and version, so that an erasure can name the earlier lines of its account. */
export const lineKey = (stream: string, version: number): string => `line:${stream}@${version}`;

/**
 * Tells the SQL `load` which account's lines an erasure rewrites (lines are otherwise never loaded). MongoDB
 * loads every key by id and finds no document of this one: nothing is written under it.
 */
const erasureKey = (accountId: string, stream: string, version: number): string => `erasure:${JSON.stringify([accountId, stream, version])}`;

const nameOf = (firstName: string, lastName: string) => `${firstName} ${lastName}`;

export function evolveAuditTrail(doc: AuditDocument | null, event: ProjectedEvent, key: string): AuditDocument | null {
  const data = (event.data ?? {}) as Record<string, any>;
  if (key.startsWith('employer:')) {
    return event.type === 'employer.registered' ? { employerId: data.employerId, name: String(data.name), siret: String(data.siret) } : doc;
  }
  if (key.startsWith('account:')) return evolveAccount(doc as AuditAccountDocument | null, event.type, data);
  if (key.startsWith('erasure:')) return doc;
  if (event.type === ERASURE && key !== lineKey(event.stream, event.version)) return doc ? erasedLine(doc as AuditLine) : doc;
  if (doc) return doc; // a line is written once
  return newLine(event, data);
}

function evolveAccount(account: AuditAccountDocument | null, type: string, data: Record<string, any>): AuditAccountDocument | null {
  if (type === 'account.created') {
    const { accountId, employerId, identifier, firstName, lastName } = data;
    return { accountId, employerId, identifier, name: nameOf(firstName, lastName), firstName, lastName };
  }
  if (!account) return account;
  if (type === 'account.contact-details-changed' && (data.changes?.firstName || data.changes?.lastName)) {
    const firstName = data.changes.firstName?.to ?? account.firstName;
    const lastName = data.changes.lastName?.to ?? account.lastName;
    return { ...account, firstName, lastName, name: nameOf(firstName, lastName) };
  }
  // Both names are always given: a rebuild from the erased events reads both erased.
  if (type === ERASURE) return { ...account, firstName: ERASED_VALUE, lastName: ERASED_VALUE, name: nameOf(ERASED_VALUE, ERASED_VALUE) };
  return account;
}

/** The line of an erased account: its erased form in place of the values, as a rebuild describes the erased event. */
function erasedLine(line: AuditLine): AuditLine {
  if (!line.erased) return line;
  const { erased, ...rest } = line;
  return { ...rest, summary: erased.summary, changes: erased.changes };
}

function newLine(event: ProjectedEvent, described: Record<string, any>): AuditLine {
  const data = withoutConnectionData(event.type, described);
  const category = categoryOf(event.stream);
  const { summary, changes } = describeEvent(event.type, data);
  const line: AuditLine = {
    eventId: event.id,
    sequence: `${event.transactionId}:${event.position}`,
    occurredAt: event.occurredAt,
    stream: event.stream,
    streamVersion: event.version,
    type: event.type,
    actor: String(event.metadata?.actor ?? ''),
    accountId: typeof data.accountId === 'string' ? data.accountId : category === 'account' ? event.stream.slice('account-'.length) : null,
    employerId: typeof data.employerId === 'string' ? data.employerId : category === 'employer' ? event.stream.slice('employer-'.length) : null,
    summary,
    changes,
  };
  // Described now from the erased data, while the event is at hand: an erasure only has the line.
  const erasedData = erasedEventData(event.type, data);
  if (erasedData !== data) {
    const erased = describeEvent(event.type, erasedData);
    if (JSON.stringify(erased) !== JSON.stringify({ summary, changes })) line.erased = erased;
  }
  return line;
}

const pick = <D>(changes: Map<string, unknown>, prefix: string) =>
  new Map([...changes].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v as D | null]));

export const auditTrailProjection: Projection<AuditDocument> = {
  name: 'audit-trail',
  // Version 2: lines keyed by log position with a leaner document (audit-lines-table.ts); version 3: the employers,
  // found by name or SIRET; version 4: lines keyed by stream and version with their erased form, the account's
  // names apart (the erasure of personal data); version 5: lines without connection data (a browser's name, kept
  // in the log for the sign-in retention period only). A new version rebuilds.
  version: 5,
  eventTypes: () => true,
  migrations: [
    {
      version: 1,
      name: 'audit trail',
      // Kept as it was run (the tables as DocumentTable made them then); version 2 replaces the lines' table.
      sql: `create table read.audit_trail (event_id text primary key, transaction_id numeric not null, position bigint not null,
          occurred_at timestamptz not null, actor text not null, account_id text, employer_id text, doc jsonb not null);
        create table read.audit_accounts (account_id text primary key, employer_id text not null, identifier text not null, doc jsonb not null);
        create index audit_trail_order on read.audit_trail (occurred_at, transaction_id, position);
        create index audit_trail_account on read.audit_trail (account_id, occurred_at);
        create index audit_trail_employer on read.audit_trail (employer_id, occurred_at);
        create index audit_trail_actor on read.audit_trail (actor, occurred_at)`,
    },
    {
      version: 2,
      name: 'audit lines keyed by log position, leaner documents',
      sql: `drop table read.audit_trail;\n${auditLinesTable.ddl()};\n${auditLinesTable.createIndexes()}`,
    },
    {
      version: 3,
      name: 'audit employers, found by name or SIRET',
      sql: `${auditEmployersTable.ddl()}`,
    },
  ],
  tables: ['audit_trail', 'audit_accounts', 'audit_employers'],
  keys: (event) => {
    const line = lineKey(event.stream, event.version);
    if (event.type === ERASURE) {
      const accountId = String(event.data?.accountId);
      const earlier = Array.from({ length: event.version - 1 }, (_, i) => lineKey(event.stream, i + 1));
      return [line, `account:${accountId}`, erasureKey(accountId, event.stream, event.version), ...earlier];
    }
    if (event.type.startsWith('account.')) return [line, `account:${event.data?.accountId}`];
    if (event.type === 'employer.registered') return [line, `employer:${event.data?.employerId}`];
    return [line];
  },
  evolve: evolveAuditTrail,
  async load(tx, keys) {
    // A line is written once, by its own event, and the log holds each event once: lines are not loaded, but for an
    // erasure, which rewrites the earlier lines of its account that show a personal value.
    // Saving a line inserts it, or replaces the row an erasure rewrote.
    const accounts = keys.filter((k) => k.startsWith('account:')).map((k) => k.slice(8));
    const a = await auditAccountsTable.load(tx, accounts);
    const e = await auditEmployersTable.load(tx, keys.filter((k) => k.startsWith('employer:')).map((k) => k.slice(9)));
    const loaded = new Map<string, AuditDocument>([...[...a].map(([k, v]) => [`account:${k}`, v] as const), ...[...e].map(([k, v]) => [`employer:${k}`, v] as const)]);
    for (const key of keys.filter((k) => k.startsWith('erasure:'))) {
      const [accountId, stream, version] = JSON.parse(key.slice('erasure:'.length)) as [string, string, number];
      for (const line of await auditLinesTable.erasable(tx, accountId, stream, version)) loaded.set(lineKey(line.stream, line.streamVersion), line);
    }
    return loaded;
  },
  async save(tx, changes) {
    await auditLinesTable.save(tx, [...pick<AuditLine>(changes, 'line:').values()].filter((line): line is AuditLine => line !== null));
    await auditAccountsTable.save(tx, pick<AuditAccountDocument>(changes, 'account:'));
    await auditEmployersTable.save(tx, pick<AuditEmployer>(changes, 'employer:'));
  },
};
