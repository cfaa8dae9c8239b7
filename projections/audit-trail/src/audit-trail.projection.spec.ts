import { adminActor, at, jeanLoutyCreated } from '@peps/domain/testing';
import { ERASED_VALUE, type DomainEvent } from '@peps/domain';
import { foldDocuments, type ProjectedEvent } from '@peps/read-store';
import type { AuditAccountDocument, AuditLine } from './audit-trail-document.js';
import { auditTrailProjection, lineKey } from './audit-trail.projection.js';
import { erasedEventData } from './erased-event-data.js';

const accountId = 'account-jlo';
const stream = `account-${accountId}`;

/** Events of Jean Louty's account stream, in log order. */
function projected(events: DomainEvent[]): ProjectedEvent[] {
  return events.map((e, i) => ({
    id: `event-${i}`, stream, version: i + 1, type: e.type, data: e.data, metadata: { actor: 'admin-1', correlationId: 'c', occurredAt: at(i) },
    occurredAt: at(i), transactionId: 1n, position: BigInt(i + 1),
  }));
}

const run = (events: DomainEvent[], documents = new Map<string, any>()) => {
  foldDocuments(auditTrailProjection, documents, projected(events));
  return documents;
};

const created = jeanLoutyCreated();
const renamed: DomainEvent = {
  type: 'account.contact-details-changed',
  data: { accountId, changes: { lastName: { from: 'Louty', to: 'Le Louty' } }, changedBy: adminActor, changedAt: at(1) },
};
const passkey: DomainEvent = {
  type: 'account.passkey-registered',
  data: { accountId, passkeyId: 'p-1', credentialId: 'c-1', publicKey: 'k-1', counter: 0, transports: [], name: 'Clé de Jean', registeredAt: at(2) },
};
const deleted: DomainEvent = { type: 'account.deleted', data: { accountId, employerId: created.data.employerId, profile: 'user', deletedBy: adminActor, deletedAt: at(3) } };
const erased: DomainEvent = {
  type: 'account.personal-data-erased',
  data: { accountId, employerId: created.data.employerId, reason: 'Demande du titulaire', erasedBy: adminActor, erasedAt: at(4) },
};
const life = [created, renamed, passkey, deleted];

describe('the audit trail and an erasure of personal data', () => {
  it('given an event with personal values, then its line keeps how it reads once erased; given none, then nothing more', () => {
    const docs = run(life);
    const line = (version: number) => docs.get(lineKey(stream, version)) as AuditLine;
    expect(line(1).summary).toBe('Compte JLO000439 créé (Utilisateur) pour Monsieur Jean Louty');
    expect(line(1).erased?.summary).toBe(`Compte JLO000439 créé (Utilisateur) pour ${ERASED_VALUE} ${ERASED_VALUE}`);
    expect(line(3).erased?.summary).toBe(`Clé d’accès « ${ERASED_VALUE} » enregistrée`);
    expect(line(4).erased).toBeUndefined();
  });

  it('given a trusted workstation, then its line is written without the browser’s name, which the log keeps for the sign-in retention period only', () => {
    const trusted: DomainEvent = {
      type: 'account.workstation-trusted',
      data: { accountId, workstationId: 'w-1', tokenDigest: 'digest', label: 'Firefox sur Windows', trustedAt: at(1), expiresAt: at(8) },
    };
    const docs = run([created, trusted]);
    const line = docs.get(lineKey(stream, 2)) as AuditLine;
    expect(line.summary).toBe('Poste de travail reconnu pour 7 jours');
    expect(JSON.stringify(line)).not.toContain('Firefox');
    expect(line.erased).toBeUndefined();
  });

  it('keeps both names apart, so a change of the last name keeps a first name with a space whole', () => {
    const docs = run([jeanLoutyCreated({ firstName: 'Jean Louis' }), renamed]);
    expect(docs.get(`account:${accountId}`)).toMatchObject({ firstName: 'Jean Louis', lastName: 'Le Louty', name: 'Jean Louis Le Louty' });
  });

  it('when the data are erased, then every earlier line reads as described from the erased events, and the erasure has its own line', () => {
    const docs = run([...life, erased]);
    const rebuilt = run([...life.map((e) => ({ ...e, data: erasedEventData(e.type, e.data) }) as DomainEvent), erased]);
    expect(docs).toEqual(rebuilt);
    expect(JSON.stringify([...docs])).not.toMatch(/Louty|Jean|Clé de Jean|0241051938/);
    expect(docs.get(lineKey(stream, 5))).toMatchObject({ type: 'account.personal-data-erased', summary: 'Données personnelles effacées (motif : Demande du titulaire)' });
    expect(docs.get(`account:${accountId}`) as AuditAccountDocument).toMatchObject({ identifier: 'JLO000439', name: `${ERASED_VALUE} ${ERASED_VALUE}` });
  });

  it('names the earlier lines of the account as the documents an erasure touches, and only those', () => {
    const [event] = projected([...life, erased]).slice(-1);
    const keys = auditTrailProjection.keys(event);
    expect(keys.filter((k) => k.startsWith('line:'))).toEqual([5, 1, 2, 3, 4].map((v) => lineKey(stream, v)));
    expect(keys).toContain(`account:${accountId}`);
  });

  it('given an erasure of an account it never saw, then it writes the erasure line only', () => {
    const docs = run([erased]);
    expect([...docs.keys()]).toEqual([lineKey(stream, 1)]);
  });
});
