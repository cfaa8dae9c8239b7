import { LIVE } from '@peps/read-store';
import type { AuditAccount, AuditAccountDocument, AuditLine } from './audit-trail-document.js';
import { auditTrailMongoMapping, sequenceKey } from './audit-trail.documents.js';
import { auditLinesFilter, toAuditTrailEntry } from './audit-trail.mongo-reader.js';
import { auditTrailProjection } from './audit-trail.projection.js';
import { auditLimit } from './audit-trail.reader.js';

const line: AuditLine = {
  eventId: 'ev-1', sequence: '9:12', occurredAt: '2025-01-06T08:00:00.000Z', stream: 'account-a-1', streamVersion: 2,
  type: 'account.locked', actor: 'a-0', accountId: 'a-1', employerId: null, summary: 'Compte bloqué', changes: [],
};

describe('audit-trail on MongoDB', () => {
  it('orders lines by log position numerically', () => {
    expect(auditTrailMongoMapping.projection).toBe(auditTrailProjection.name);
    expect(sequenceKey('9:12') < sequenceKey('10:1')).toBe(true);
    expect(() => sequenceKey('x')).toThrow();
    expect(auditTrailMongoMapping.fields('line:account-a-1@2', line)).toEqual({
      kind: 'line', sequence: sequenceKey('9:12'), occurredAt: new Date('2025-01-06T08:00:00.000Z'), actor: 'a-0', accountId: 'a-1', employerId: null,
    });
    const account: AuditAccountDocument = { accountId: 'a-1', employerId: 'e-1', identifier: 'JLO000439', name: 'Jean Louty', firstName: 'Jean', lastName: 'Louty' };
    expect(auditTrailMongoMapping.fields('account:a-1', account)).toEqual({ kind: 'account', accountId: 'a-1', employerId: 'e-1', identifier: 'JLO000439' });
  });

  it('filters like the SQL query: the line’s employer, else its account’s; account; actor; period', () => {
    expect(auditLinesFilter({})).toEqual({ kind: 'line', ...LIVE });
    const from = new Date('2025-01-01T00:00:00.000Z');
    const to = new Date('2025-02-01T00:00:00.000Z');
    expect(auditLinesFilter({ employerId: 'e-1', accountId: 'a-1', actor: 'system', from, to }, ['a-1', 'a-2'])).toEqual({
      kind: 'line',
      ...LIVE,
      $or: [{ employerId: 'e-1' }, { employerId: null, accountId: { $in: ['a-1', 'a-2'] } }],
      accountId: 'a-1',
      actor: 'system',
      occurredAt: { $gte: from, $lte: to },
    });
    expect(auditLinesFilter({ to })).toMatchObject({ occurredAt: { $lte: to } });
    expect(auditLimit({})).toBe(10_000);
    expect(auditLimit({ limit: 1_000_000 })).toBe(100_000);
  });

  it('labels the actor and the account from the account documents', () => {
    const accounts = new Map<string, AuditAccount>([
      ['a-0', { accountId: 'a-0', employerId: 'e-1', identifier: 'ADM000001', name: 'Anne Martin' }],
      ['a-1', { accountId: 'a-1', employerId: 'e-1', identifier: 'JLO000439', name: 'Jean Louty' }],
    ]);
    expect(toAuditTrailEntry(line, accounts)).toEqual({ ...line, actorLabel: 'ADM000001 (Anne Martin)', accountIdentifier: 'JLO000439' });
    expect(toAuditTrailEntry({ ...line, actor: 'system', accountId: null }, accounts)).toMatchObject({ actorLabel: 'Système', accountIdentifier: null });
    // The erased form is the erasure's: a reader never answers it.
    const erasable = { ...line, erased: { summary: 'Compte bloqué (donnée effacée)', changes: [] } };
    expect(toAuditTrailEntry(erasable, accounts)).toEqual({ ...line, actorLabel: 'ADM000001 (Anne Martin)', accountIdentifier: 'JLO000439' });
  });

  it('has an index for each filter, in log order', () => {
    const keys = auditTrailMongoMapping.indexes.map((i) => i.key);
    for (const field of ['accountId', 'employerId', 'actor']) expect(keys).toContainEqual({ kind: 1, [field]: 1, occurredAt: 1, sequence: 1 });
    expect(keys).toContainEqual({ kind: 1, occurredAt: 1, sequence: 1 });
  });
});
