import { Get, Headers, Inject, Query } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { AdministratorRegistrationsReader, RegistrationStatusFilter, RegistrationView } from '@peps/administrator-registrations';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { minPositionOf, requireActor } from '../../shell/query-side/actor-scope.js';
import { MinPositionDto } from '../../shell/query-side/min-position.dto.js';
import { ADMINISTRATOR_REGISTRATIONS_READER, ReadYourWrites } from '@peps/runtime';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

const statuses = ['all', 'active', 'cancelled', 'letter-pending'] as const;

export class ListRegistrationsDto extends MinPositionDto {
  @ApiPropertyOptional({ enum: statuses, default: 'all' })
  @IsOptional()
  @IsIn(statuses, { message: `Le statut doit être l’un de : ${statuses.join(', ')}.` })
  status?: RegistrationStatusFilter;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'L’employeur doit être un identifiant.' })
  @MaxLength(100, { message: 'L’identifiant d’employeur est trop long.' })
  employerId?: string;
}

export class ListAdministratorRegistrations extends CqrsQuery<{ items: RegistrationView[] }> {
  constructor(
    readonly filter: { status?: RegistrationStatusFilter; employerId?: string },
    readonly minPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(ListAdministratorRegistrations)
export class ListAdministratorRegistrationsHandler implements IQueryHandler<ListAdministratorRegistrations> {
  constructor(
    @Inject(ADMINISTRATOR_REGISTRATIONS_READER) private readonly registrations: AdministratorRegistrationsReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ filter, minPosition }: ListAdministratorRegistrations) {
    await this.readYourWrites.wait(['administrator-registrations', 'letters'], minPosition);
    return { items: await this.registrations.list(filter) };
  }
}

@ApiController('DRS', 'api/drs/administrator-registrations')
export class DrsRegistrationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Endpoint(['drs'], 'Administrateurs créés ou promus, avec l’état du courrier et de l’annulation')
  list(@CurrentActor() actor: AuthenticatedActor | undefined, @Query() query: ListRegistrationsDto, @Headers('x-min-position') header?: string) {
    requireActor(actor);
    const { minPosition, ...filter } = query;
    return this.queries.execute(new ListAdministratorRegistrations(filter, minPositionOf({ minPosition }, header)));
  }
}
