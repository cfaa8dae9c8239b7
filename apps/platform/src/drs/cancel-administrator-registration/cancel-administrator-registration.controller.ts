import { Body, Controller, HttpCode, Ip, Param, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StepUp } from '../../access/second-factor/step-up.service.js';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { TextField } from '../../shell/command-side/dto-fields.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { CancelAdministratorRegistrationCommand } from './cancel-administrator-registration.handler.js';

export class CancellationDto {
  @TextField({ label: "Le motif de l'annulation", max: 2000, required: true, example: 'Opposition du représentant légal par courrier du 20/03/2020' })
  reason!: string;
}

@ApiTags('DRS')
@ApiBearerAuth()
@Controller('api/drs/administrator-registrations')
export class CancelAdministratorRegistrationController {
  constructor(
    private readonly commands: CommandBus,
    private readonly stepUp: StepUp,
  ) {}

  @Post(':accountId/cancellation')
  @HttpCode(200)
  @Roles('drs')
  @ApiOperation({ summary: "Annuler l'inscription d'un administrateur (compte créé : fermé ; compte promu : redevient utilisateur)" })
  @ApiOkResponse({ description: "{ outcome: 'closed' | 'demoted-to-user' }" })
  async cancel(@Param('accountId') accountId: string, @Body() body: CancellationDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string, @Req() request: FastifyRequest) {
    await this.stepUp.require(actor, request);
    return this.commands.execute(new CancelAdministratorRegistrationCommand(requireAccountId(accountId), body.reason, requestContext(actor, ip)));
  }
}
