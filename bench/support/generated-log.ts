// Event-store content the read-model and memory benches load directly (no HTTP): employers and active accounts.
import { randomUUID } from 'node:crypto';
import { defaultRightsTemplate, eventSchemaVersions, services, type AccessLevel } from '@peps/domain';
import type { EventStore, NewEvent, StreamAppend } from '@peps/event-store';

export const names = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Lefèvre', 'Müller', 'Gérard', 'Rousseau'];
const firsts = ['Jean', 'Éloïse', 'Anne', 'Luc', 'Chloé', 'Hélène', 'Paul', 'Zoé', 'Marc', 'Inès'];
const levels: AccessLevel[] = ['none', 'read', 'write'];
export const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)];

function ev(type: keyof typeof eventSchemaVersions, data: Record<string, unknown>, at: string): NewEvent {
  return { id: randomUUID(), type, schemaVersion: eventSchemaVersions[type], data, metadata: { actor: 'bench', correlationId: randomUUID(), occurredAt: at } };
}

/** An employer as the DRS registers it, by the system actor. */
export function employerAppend(employerId: string, at: string): StreamAppend {
  const data = {
    employerId, name: `EMPLOYEUR ${employerId.slice(0, 6)}`, siret: '26440013600018', legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Paul' },
    address: ['5 RUE DE LA PAIX', '44000 NANTES'], defaultRights: defaultRightsTemplate, rightsCatalogueVersion: 1, registeredBy: { kind: 'system' }, registeredAt: at,
  };
  return { stream: `employer-${employerId}`, events: [ev('employer.registered', data, at)], expectedVersion: 'no-stream' };
}

/**
 * The `n`-th account, active as the write side leaves it (created, invited, password, rights, signed in); with
 * `administratorEvery`, every such account is an administrator.
 */
export function accountAppends(employerId: string, n: number, at: string, administratorEvery = 0): StreamAppend {
  const accountId = randomUUID();
  // The password is created with the invitation's link: the invitation is used, no mail is due for it.
  const invitationHash = randomUUID();
  const lastName = pick(names);
  const firstName = pick(firsts);
  const actor = { kind: 'account', accountId: 'bench', roles: ['administrator'], employerId };
  const rights = Object.fromEntries(services.map((s) => [s.code, pick(levels)]));
  const identifier = `${firstName[0]}${lastName.slice(0, 2)}`.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase() + String(n).padStart(7, '0');
  const profile = administratorEvery > 0 && n % administratorEvery === 0 ? 'administrator' : 'user';
  const events = [
    ev('account.created', {
      accountId, employerId, identifier, profile, civility: 'madame', lastName, firstName, email: `${firstName}.${lastName}.${n}@employeur.fr`.toLowerCase(),
      phone: null, professionalAddress: null, rights: defaultRightsTemplate, rightsCatalogueVersion: 1, createdBy: actor, createdAt: at,
    }, at),
    ev('account.password-invitation-issued', { accountId, tokenHash: invitationHash, issuedAt: at, expiresAt: at, supersededTokenHash: null, issuedBy: actor }, at),
    ev('account.password-created', { accountId, tokenHash: invitationHash, passwordHash: 'x', createdAt: at }, at),
    ev('account.rights-changed', { accountId, rights, changes: [], rightsCatalogueVersion: 1, changedBy: actor, changedAt: at }, at),
    ev('account.signed-in', { accountId, signedInAt: at, profile: 'user', promotionTookEffect: false }, at),
  ];
  return { stream: `account-${accountId}`, events, expectedVersion: 'no-stream' };
}

/** Appends `count` accounts, 200 per append call, `writers` calls at a time; `employerOf(n)` places the `n`-th. */
export async function appendAccounts(
  store: Pick<EventStore, 'appendMany'>,
  count: number,
  writers: number,
  employerOf: (n: number) => string,
  administratorEvery = 0,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let n = next; n < count; n = next) {
        next += 200;
        const at = new Date().toISOString();
        await store.appendMany(Array.from({ length: Math.min(200, count - n) }, (_, i) => accountAppends(employerOf(n + i), n + i, at, administratorEvery)));
      }
    }),
  );
}
