import { ERASED_VALUE, type AccountCreated, type AccountEvent, type Civility, type EmployerEvent } from '@peps/domain';
import { withChanges, type ProjectedEvent } from '@peps/read-store';

/** Who the administrator is, typed as the account's events have it (contact changes update the names and e-mail). */
export interface AdministratorRegistration extends Pick<AccountCreated['data'], 'accountId' | 'employerId' | 'identifier' | 'civility' | 'lastName' | 'firstName' | 'email'> {
  kind: 'creation' | 'promotion';
  registeredAt: string;
  /** Account id of the administrator (or DRS operator) who created or promoted. */
  registeredBy: string | null;
  letter: { letterId: string; status: string; at: string } | null;
  cancellation: { reason: string; outcome: 'closed' | 'demoted-to-user'; cancelledAt: string; cancelledBy: string | null } | null;
  accountClosed: boolean;
}

export interface RegistrationEmployer {
  employerId: string;
  name: string;
  siret: string;
  administrators: string[];
}

export type RegistrationDocument = AdministratorRegistration | RegistrationEmployer;

export const registrationEventTypes = (type: string): boolean =>
  [
    'account.created',
    'account.promoted-to-administrator',
    'account.contact-details-changed',
    'account.deleted',
    'account.administrator-registration-cancelled',
    'account.personal-data-erased',
    'employer.registered',
    'employer.administrator-added',
    'employer.administrator-removed',
  ].includes(type) || type.startsWith('letter.');

export function registrationKeys(event: Pick<ProjectedEvent, 'type' | 'data'>): string[] {
  const d = (event.data ?? {}) as Record<string, unknown>;
  if (event.type.startsWith('employer.')) return [`employer:${d.employerId}`];
  const accountId = d.accountId ?? d.administratorAccountId;
  return typeof accountId === 'string' ? [`registration:${accountId}`] : [];
}

const actorId = (actor: { kind: string; accountId?: string } | undefined): string | null => (actor?.kind === 'account' ? actor.accountId ?? null : null);

/** Pure. Two kinds of documents: each registration (by account), and each employer's current administrators. */
export function evolveRegistrations(doc: RegistrationDocument | null, event: Pick<ProjectedEvent, 'type' | 'data' | 'stream' | 'occurredAt'>): RegistrationDocument | null {
  if (event.type.startsWith('employer.')) return evolveEmployer(doc as RegistrationEmployer | null, event as EmployerEvent);
  const registration = doc as AdministratorRegistration | null;
  if (event.type.startsWith('letter.')) {
    if (!registration) return registration;
    const letterId = event.stream.startsWith('letter-') ? event.stream.slice(7) : event.stream;
    return { ...registration, letter: { letterId, status: event.type.slice('letter.'.length), at: event.occurredAt } };
  }
  const e = event as AccountEvent;
  switch (e.type) {
    case 'account.created': {
      const d = e.data;
      if (d.profile !== 'administrator') return null;
      return {
        accountId: d.accountId, employerId: d.employerId, identifier: d.identifier, civility: d.civility, lastName: d.lastName,
        firstName: d.firstName, email: d.email, kind: 'creation', registeredAt: d.createdAt, registeredBy: actorId(d.createdBy),
        letter: null, cancellation: null, accountClosed: false,
      };
    }
    case 'account.promoted-to-administrator': {
      const d = e.data;
      return {
        accountId: d.accountId, employerId: d.employerId, identifier: d.identifier, civility: d.holder.civility, lastName: d.holder.lastName,
        firstName: d.holder.firstName, email: d.holder.email, kind: 'promotion', registeredAt: d.promotedAt, registeredBy: actorId(d.promotedBy),
        letter: null, cancellation: null, accountClosed: false,
      };
    }
    case 'account.contact-details-changed':
      return registration ? withChanges(registration, e.data.changes, ['civility', 'lastName', 'firstName', 'email']) : registration;
    case 'account.deleted':
      return registration ? { ...registration, accountClosed: true } : registration;
    case 'account.administrator-registration-cancelled':
      if (!registration) return registration;
      return {
        ...registration,
        accountClosed: registration.accountClosed || e.data.outcome === 'closed',
        cancellation: { reason: e.data.reason, outcome: e.data.outcome, cancelledAt: e.data.cancelledAt, cancelledBy: actorId(e.data.cancelledBy) },
      };
    case 'account.personal-data-erased':
      // The registration stays (the DRS list), with the values a rebuild reads from the erased events.
      return registration
        ? { ...registration, civility: ERASED_VALUE as Civility, lastName: ERASED_VALUE, firstName: ERASED_VALUE, email: ERASED_VALUE }
        : registration;
    default:
      return registration;
  }
}

function evolveEmployer(employer: RegistrationEmployer | null, event: EmployerEvent): RegistrationEmployer | null {
  switch (event.type) {
    case 'employer.registered':
      return { employerId: event.data.employerId, name: event.data.name, siret: event.data.siret, administrators: employer?.administrators ?? [] };
    case 'employer.administrator-added': {
      const base = employer ?? { employerId: event.data.employerId, name: '', siret: '', administrators: [] };
      if (base.administrators.includes(event.data.accountId)) return employer;
      return { ...base, administrators: [...base.administrators, event.data.accountId] };
    }
    case 'employer.administrator-removed':
      if (!employer || !employer.administrators.includes(event.data.accountId)) return employer;
      return { ...employer, administrators: employer.administrators.filter((id) => id !== event.data.accountId) };
    default:
      return employer;
  }
}
