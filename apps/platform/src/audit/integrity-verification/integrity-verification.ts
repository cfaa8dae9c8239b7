import { Get, Param, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, Query as CqrsQuery, QueryBus, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@peps/domain';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import type { HistoryActor } from '../../accounts/account-history/history-actor.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { requireActor } from '../../shell/query-side/actor-scope.js';
import { IntegrityVerifications, requesterOf, type IntegrityVerification } from './integrity-verifications.js';

/** Start a verification of every stream's chain, or join the one already running. */
export class StartIntegrityVerification extends Command<IntegrityVerification> {
  constructor(readonly requestedBy: HistoryActor) {
    super();
  }
}

@CommandHandler(StartIntegrityVerification)
export class StartIntegrityVerificationHandler implements ICommandHandler<StartIntegrityVerification> {
  constructor(private readonly verifications: IntegrityVerifications) {}

  execute({ requestedBy }: StartIntegrityVerification): Promise<IntegrityVerification> {
    return this.verifications.start(requestedBy);
  }
}

export class GetIntegrityVerification extends CqrsQuery<IntegrityVerification | null> {
  constructor(readonly id: string) {
    super();
  }
}

@QueryHandler(GetIntegrityVerification)
export class GetIntegrityVerificationHandler implements IQueryHandler<GetIntegrityVerification> {
  constructor(private readonly verifications: IntegrityVerifications) {}

  execute({ id }: GetIntegrityVerification): Promise<IntegrityVerification | null> {
    return this.verifications.find(id);
  }
}

export class ListIntegrityVerifications extends CqrsQuery<IntegrityVerification[]> {}

@QueryHandler(ListIntegrityVerifications)
export class ListIntegrityVerificationsHandler implements IQueryHandler<ListIntegrityVerifications> {
  constructor(private readonly verifications: IntegrityVerifications) {}

  execute(): Promise<IntegrityVerification[]> {
    return this.verifications.latest();
  }
}

/** The integrity check as a background job: start it, follow it, list the latest. */
@ApiController('audit', 'api/audit/verifications')
export class IntegrityVerificationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Endpoint(['auditor'], 'Lance la vérification de la chaîne d’intégrité en arrière-plan (ou rend celle en cours)', {
    status: 202,
    description: '{id, status: "running", requestedBy, startedAt, eventsChecked, streamsChecked, totalEvents}',
  })
  start(@CurrentActor() actor: AuthenticatedActor | undefined) {
    return this.commands.execute(new StartIntegrityVerification(requesterOf(requireActor(actor))));
  }

  @Get()
  @Endpoint(['auditor'], 'Les 20 dernières vérifications de l’intégrité, la plus récente en premier')
  async list(@CurrentActor() actor: AuthenticatedActor | undefined) {
    requireActor(actor);
    return { items: await this.queries.execute(new ListIntegrityVerifications()) };
  }

  @Get(':id')
  @Endpoint(['auditor'], 'Une vérification de l’intégrité : avancement, puis résultat')
  async get(@CurrentActor() actor: AuthenticatedActor | undefined, @Param('id') id: string) {
    requireActor(actor);
    const verification = await this.queries.execute(new GetIntegrityVerification(id));
    if (!verification) throw new DomainError('audit.verification-not-found');
    return verification;
  }
}
