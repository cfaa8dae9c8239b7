import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { accountStream, defaultRightsTemplate, employerStream, type Actor, type Civility, type DomainEvent } from '@peps/domain';
import { toStoredEvent } from '@peps/domain';
import type { EventStore, NewEvent } from '@peps/event-store';
import type { SqlExecutor } from '@peps/sql';

const DAY = 24 * 60 * 60 * 1000;
export const GUIDE_ADDRESS = ['5 ALLEE DE L ILE GLORIETTE', 'BP 1005', '44035 NANTES CEDEX 1'];

export function toNew(event: DomainEvent, occurredAt: string, actor = 'system'): NewEvent {
  return { id: randomUUID(), ...toStoredEvent(event), metadata: { actor, correlationId: randomUUID(), occurredAt } };
}

export const sha256Hex = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The guide's employer, with its legal representative (`address`: one written before the letter's rule, say). */
export async function seedEmployer(store: EventStore, at: string, employerId = randomUUID(), address: string[] = GUIDE_ADDRESS): Promise<string> {
  await store.append(
    employerStream(employerId),
    [
      toNew(
        {
          type: 'employer.registered',
          data: {
            employerId,
            name: 'CHRU DE NANTES VP201',
            siret: '26440013600018',
            legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' },
            address,
            defaultRights: defaultRightsTemplate,
            rightsCatalogueVersion: 1,
            registeredBy: { kind: 'system' },
            registeredAt: at,
          },
        },
        at,
      ),
    ],
    { expectedVersion: 'no-stream' },
  );
  return employerId;
}

export interface SeedAccount {
  employerId: string;
  accountId?: string;
  identifier?: string;
  profile?: 'user' | 'administrator';
  civility?: Civility;
  firstName?: string;
  lastName?: string;
  email?: string;
  phone?: string | null;
  professionalAddress?: string[] | null;
  createdBy?: Actor;
  createdAt: string;
  /** Insert the raw token in auth.outgoing_links, as the write side does. */
  db?: SqlExecutor;
}

/**
 * `account.created` + the first `account.password-invitation-issued` (as the write side appends them), plus
 * `employer.administrator-added` for an administrator; the raw token goes to `auth.outgoing_links`.
 */
export async function seedAccount(store: EventStore, input: SeedAccount): Promise<{ accountId: string; token: string; tokenHash: string }> {
  const accountId = input.accountId ?? randomUUID();
  const token = randomBytes(32).toString('base64url');
  const tokenHash = sha256Hex(token);
  const profile = input.profile ?? 'user';
  const createdBy: Actor = input.createdBy ?? { kind: 'system' };
  const events: DomainEvent[] = [
    {
      type: 'account.created',
      data: {
        accountId,
        employerId: input.employerId,
        identifier: input.identifier ?? 'JLO000439',
        profile,
        civility: input.civility ?? 'monsieur',
        lastName: input.lastName ?? 'Louty',
        firstName: input.firstName ?? 'Jean',
        email: input.email ?? 'jean.louty@chu-nantes.fr',
        phone: input.phone === undefined ? '0241051938' : input.phone,
        professionalAddress: input.professionalAddress === undefined ? (profile === 'administrator' ? GUIDE_ADDRESS : null) : input.professionalAddress,
        rights: defaultRightsTemplate,
        rightsCatalogueVersion: 1,
        createdBy,
        createdAt: input.createdAt,
      },
    },
    {
      type: 'account.password-invitation-issued',
      data: {
        accountId,
        tokenHash,
        issuedAt: input.createdAt,
        expiresAt: new Date(Date.parse(input.createdAt) + 15 * DAY).toISOString(),
        supersededTokenHash: null,
        issuedBy: createdBy,
      },
    },
  ];
  const newEvents = events.map((e) => toNew(e, input.createdAt));
  if (input.db) await stageOutgoingLink(input.db, { eventId: newEvents[1].id, accountId, purpose: 'invitation', token, expiresAt: new Date(Date.parse(input.createdAt) + 15 * DAY).toISOString() });
  const appends = [{ stream: accountStream(accountId), events: newEvents, expectedVersion: 'no-stream' as const }];
  if (profile === 'administrator') {
    const version = await store.streamVersion(employerStream(input.employerId));
    appends.push({
      stream: employerStream(input.employerId),
      events: [toNew({ type: 'employer.administrator-added', data: { employerId: input.employerId, accountId, reason: 'creation', since: input.createdAt } }, input.createdAt)],
      expectedVersion: version as never,
    });
  }
  await store.appendMany(appends);
  return { accountId, token, tokenHash };
}

export async function appendToAccount(store: EventStore, accountId: string, event: DomainEvent, at: string): Promise<void> {
  await store.append(accountStream(accountId), [toNew(event, at)], { expectedVersion: 'stream-exists' });
}

/** What the write side's `stageLinkForMail` does: the raw token, keyed by the id of the event issuing it. */
export async function stageOutgoingLink(
  db: SqlExecutor,
  link: { eventId: string | null; accountId: string; purpose: 'invitation' | 'password-reset' | 'identifier-reminder'; token: string | null; expiresAt: string; payload?: Record<string, unknown> },
): Promise<void> {
  await db.query(
    `insert into auth.outgoing_links (id, event_id, account_id, purpose, token, payload, expires_at) values ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
    [randomUUID(), link.eventId, link.accountId, link.purpose, link.token, JSON.stringify(link.payload ?? {}), link.expiresAt],
  );
}
