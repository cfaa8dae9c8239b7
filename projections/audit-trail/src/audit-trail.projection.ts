import { categoryOf } from '@peps/event-store';
import type { ProjectedEvent, Projection } from '@peps/read-store';
import { auditLinesTable } from './audit-lines-table.js';
import type { AuditAccount, AuditDocument, AuditEmployer, AuditLine } from './audit-trail-document.js';
import { auditAccountsTable, auditEmployersTable } from './audit-trail.documents.js';
import { describeEvent } from './describe-event.js';

export function evolveAuditTrail(doc: AuditDocument | null, event: ProjectedEvent, key: string): AuditDocument | null {
  const data = (event.data ?? {}) as Record<string, any>;
  if (key.startsWith('employer:')) {
    return event.type === 'employer.registered' ? { employerId: data.employerId, name: String(data.name), siret: String(data.siret) } : doc;
  }
  if (key.startsWith('account:')) {
    if (event.type === 'account.created') {
      return { accountId: data.accountId, employerId: data.employerId, identifier: data.identifier, name: `${data.firstName} ${data.lastName}` };
    }
    const account = doc as AuditAccount | null;
    if (account && event.type === 'account.contact-details-changed' && (data.changes?.firstName || data.changes?.lastName)) {
      const [first, ...last] = account.name.split(' ');
      return { ...account, name: `${data.changes.firstName?.to ?? first} ${data.changes.lastName?.to ?? last.join(' ')}` };
    }
    return doc;
  }
  if (doc) return doc; // a line is written once
  const category = categoryOf(event.stream);
  const { summary, changes } = describeEvent(event.type, data);
  return {
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
}

const pick = <D>(changes: Map<string, unknown>, prefix: string) =>
  new Map([...changes].filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v as D | null]));

export const auditTrailProjection: Projection<AuditDocument> = {
  name: 'audit-trail',
  // Version 2: lines keyed by log position with a leaner document (audit-lines-table.ts); version 3: the employers,
  // found by name or SIRET. A new version rebuilds.
  version: 3,
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
    if (event.type.startsWith('account.')) return [`line:${event.id}`, `account:${event.data?.accountId}`];
    if (event.type === 'employer.registered') return [`line:${event.id}`, `employer:${event.data?.employerId}`];
    return [`line:${event.id}`];
  },
  evolve: evolveAuditTrail,
  async load(tx, keys) {
    // A line is written once, by its own event, and the log holds each event id once: lines are never loaded.
    // Saving them inserts and keeps any existing row, which is what `evolve` did with a loaded line.
    const accounts = keys.filter((k) => k.startsWith('account:')).map((k) => k.slice(8));
    const a = await auditAccountsTable.load(tx, accounts);
    const e = await auditEmployersTable.load(tx, keys.filter((k) => k.startsWith('employer:')).map((k) => k.slice(9)));
    return new Map<string, AuditDocument>([...[...a].map(([k, v]) => [`account:${k}`, v] as const), ...[...e].map(([k, v]) => [`employer:${k}`, v] as const)]);
  },
  async save(tx, changes) {
    await auditLinesTable.save(tx, [...pick<AuditLine>(changes, 'line:').values()].filter((line): line is AuditLine => line !== null));
    await auditAccountsTable.save(tx, pick<AuditAccount>(changes, 'account:'));
    await auditEmployersTable.save(tx, pick<AuditEmployer>(changes, 'employer:'));
  },
};
