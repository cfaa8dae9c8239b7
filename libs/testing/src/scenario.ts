import { randomUUID } from 'node:crypto';
import {
  defaultRightsTemplate,
  eventSchemaVersions,
  type AccountEvent,
  type Actor,
  type CompleteRights,
  type DomainEvent,
  type EmployerEvent,
  type Profile,
} from '@peps/domain';
import { START, type AppendResult, type Checkpoint, type EventStore, type NewEvent } from '@peps/event-store';

type DataOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>['data'];

/**
 * Writes realistic domain events straight into the event store, as the write side would (used by the
 * projections' integration tests and the bench). Time moves one minute per event unless set.
 */
export class Scenario {
  private clock: number;
  /** Checkpoint of the latest append: catch-ups wait for it (see ProjectionRunner.catchUp). */
  last: Checkpoint = START;
  private sequence = 0;
  readonly drs: Actor = { kind: 'account', accountId: 'drs-operator', roles: ['drs', 'auditor'] };

  constructor(
    private readonly store: EventStore,
    start = '2025-01-06T08:00:00.000Z',
  ) {
    this.clock = Date.parse(start);
  }

  now(): string {
    return new Date(this.clock).toISOString();
  }

  at(instant: string): this {
    this.clock = Date.parse(instant);
    return this;
  }

  private tick(): string {
    this.clock += 60_000;
    return this.now();
  }

  event<T extends DomainEvent['type']>(type: T, data: DataOf<T>, actor: string, occurredAt: string): NewEvent {
    return { id: randomUUID(), type, schemaVersion: eventSchemaVersions[type], data, metadata: { actor, correlationId: randomUUID(), occurredAt } };
  }

  async registerEmployer(options: { employerId?: string; name?: string } = {}): Promise<string> {
    const employerId = options.employerId ?? randomUUID();
    const at = this.tick();
    const data: DataOf<'employer.registered'> = {
      employerId,
      name: options.name ?? 'CHRU DE NANTES VP201',
      siret: '26440013600018',
      legalRepresentative: { civility: 'monsieur', lastName: 'Dupont', firstName: 'Philippe' },
      address: ['5 ALLEE DE L ILE GLORIETTE', '44035 NANTES CEDEX 1'],
      defaultRights: defaultRightsTemplate,
      rightsCatalogueVersion: 1,
      registeredBy: this.drs,
      registeredAt: at,
    };
    this.track(await this.store.append(`employer-${employerId}`, [this.event('employer.registered', data, 'drs-operator', at)], { expectedVersion: 'no-stream' }));
    return employerId;
  }

  async createAccount(options: {
    employerId: string;
    profile?: Profile;
    lastName?: string;
    firstName?: string;
    email?: string;
    rights?: CompleteRights;
    by?: string;
    accountId?: string;
  }): Promise<{ accountId: string; identifier: string; result: AppendResult }> {
    const accountId = options.accountId ?? randomUUID();
    const lastName = options.lastName ?? 'Louty';
    const firstName = options.firstName ?? 'Jean';
    const identifier = `${(firstName[0] + lastName.slice(0, 2)).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase()}${String(++this.sequence).padStart(6, '0')}`;
    const profile = options.profile ?? 'user';
    const by = options.by ?? 'admin-0';
    const at = this.tick();
    const creator: Actor = { kind: 'account', accountId: by, roles: ['administrator'], employerId: options.employerId };
    const created: DataOf<'account.created'> = {
      accountId,
      employerId: options.employerId,
      identifier,
      profile,
      civility: 'monsieur',
      lastName,
      firstName,
      email: options.email ?? `${firstName}.${lastName}@chu-nantes.fr`.toLowerCase(),
      phone: null,
      professionalAddress: profile === 'administrator' ? ['1 rue de la Paix', '44000 Nantes'] : null,
      rights: options.rights ?? defaultRightsTemplate,
      rightsCatalogueVersion: 1,
      createdBy: creator,
      createdAt: at,
    };
    const invitation: DataOf<'account.password-invitation-issued'> = {
      accountId,
      tokenHash: `token-hash-${randomUUID()}`,
      issuedAt: at,
      expiresAt: new Date(Date.parse(at) + 15 * 86_400_000).toISOString(),
      supersededTokenHash: null,
      issuedBy: creator,
    };
    const appends = [
      {
        stream: `account-${accountId}`,
        events: [this.event('account.created', created, by, at), this.event('account.password-invitation-issued', invitation, by, at)],
        expectedVersion: 'no-stream' as const,
      },
    ];
    if (profile === 'administrator') {
      appends.push({
        stream: `employer-${options.employerId}`,
        events: [this.event('employer.administrator-added', { employerId: options.employerId, accountId, reason: 'creation', since: at }, by, at)],
        expectedVersion: 'any' as never,
      });
    }
    const result = this.track(await this.store.appendMany(appends));
    return { accountId, identifier, result };
  }

  /** Appends one account event (data completed with the accountId) and, for the employer side, its own event. */
  async account<T extends AccountEvent['type']>(
    accountId: string,
    type: T,
    data: Omit<DataOf<T>, 'accountId'>,
    options: { actor?: string; employerEvent?: EmployerEvent } = {},
  ): Promise<AppendResult> {
    const at = this.tick();
    const appends = [
      { stream: `account-${accountId}`, events: [this.event(type, { accountId, ...data } as DataOf<T>, options.actor ?? 'admin-0', at)], expectedVersion: 'any' as const },
    ];
    if (options.employerEvent) {
      const e = options.employerEvent;
      appends.push({ stream: `employer-${e.data.employerId}`, events: [this.event(e.type, e.data as never, options.actor ?? 'admin-0', at)], expectedVersion: 'any' });
    }
    return this.track(await this.store.appendMany(appends));
  }

  private track(result: AppendResult): AppendResult {
    this.last = result.checkpoint;
    return result;
  }

  actor(accountId: string, employerId?: string): Actor {
    return { kind: 'account', accountId, roles: ['administrator'], employerId };
  }

  /** Raw event of another module (letters, notifications). */
  async raw(stream: string, type: string, data: Record<string, unknown>, actor = 'system'): Promise<AppendResult> {
    const at = this.tick();
    return this.track(await this.store.append(stream, [{ id: randomUUID(), type, schemaVersion: 1, data, metadata: { actor, correlationId: randomUUID(), occurredAt: at } }], { expectedVersion: 'any' }));
  }
}
