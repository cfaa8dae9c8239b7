import { ForbiddenException, Get, Inject, Param } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { accountStream, DomainError, foldAccount } from '@peps/domain';
import type { EventStore, RecordedEvent } from '@peps/event-store';
import { EVENT_STORE, PLATFORM_CONFIG, type PlatformConfig } from '@peps/runtime';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { requireActor } from '../../shell/query-side/actor-scope.js';
import { personalDataInventory, type PersonalDataReport, type SignInRecord } from './personal-data-inventory.js';

export class GetPersonalData extends CqrsQuery<PersonalDataReport> {
  constructor(
    readonly actor: AuthenticatedActor,
    readonly accountId: string,
  ) {
    super();
  }
}

/** Sign-ins with the source address their event's metadata recorded. */
export function signInRecords(events: readonly RecordedEvent[]): SignInRecord[] {
  return events
    .filter((e) => e.type === 'account.signed-in' || e.type === 'account.sign-in-failed')
    .map((e) => ({
      at: e.metadata.occurredAt,
      outcome: e.type === 'account.signed-in' ? ('success' as const) : ('failure' as const),
      sourceAddress: typeof e.metadata.sourceAddress === 'string' ? e.metadata.sourceAddress : null,
    }));
}

@QueryHandler(GetPersonalData)
export class GetPersonalDataHandler implements IQueryHandler<GetPersonalData> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute({ actor, accountId }: GetPersonalData): Promise<PersonalDataReport> {
    const holder = actor.accountId === accountId;
    const administrator = actor.roles.includes('administrator');
    const drs = actor.roles.includes('drs');
    // A plain user sees their own data only, whatever the id: as for GET /api/accounts/:id, a 403.
    if (!holder && !administrator && !drs) throw new ForbiddenException();
    const events = await this.store.readStream(accountStream(accountId));
    const account = foldAccount(events);
    if (!account) throw new DomainError('account.not-found');
    if (!holder && !drs && account.employerId !== actor.employerId) throw new DomainError('account.not-found');
    return personalDataInventory(account, signInRecords(events), this.config.retention);
  }
}

@ApiController('comptes', 'api/accounts')
export class PersonalDataController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/personal-data')
  @Endpoint(['user', 'administrator', 'drs'], 'Droit d’accès : chaque donnée personnelle du titulaire, où elle est conservée et combien de temps', {
    status: 200,
    description: 'L’inventaire ; 403 pour un autre compte qu’un utilisateur demande, 404 pour un compte inconnu ou d’un autre établissement',
  })
  personalData(@CurrentActor() actor: AuthenticatedActor | undefined, @Param('id') id: string) {
    return this.queries.execute(new GetPersonalData(requireActor(actor), requireAccountId(id)));
  }
}
