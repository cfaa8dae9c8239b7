import { Body, Controller, HttpCode, Ip, Param, Post, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ERASURE_REASON_MAX_LENGTH } from '@peps/domain';
import { requestContext } from '@peps/runtime';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { StepUp } from '../../access/second-factor/step-up.service.js';
import { TextField } from '../../shell/command-side/dto-fields.js';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { ErasePersonalDataCommand } from './erase-personal-data.handler.js';

export class ErasureDto {
  @TextField({ label: "Le motif de l'effacement", max: ERASURE_REASON_MAX_LENGTH, required: true, example: 'Demande de la personne par courrier du 02/12/2026' })
  reason!: string;
}

@ApiTags('DRS')
@ApiBearerAuth()
@Controller('api/drs/accounts')
export class ErasePersonalDataController {
  constructor(
    private readonly commands: CommandBus,
    private readonly stepUp: StepUp,
  ) {}

  @Post(':id/erasure')
  @HttpCode(200)
  @Roles('drs')
  @ApiOperation({ summary: "Effacer les données personnelles d'un compte supprimé ou fermé (dans chaque événement, liste, courriel et courrier)" })
  @ApiOkResponse({ description: '{ id, erasedAt }' })
  async erase(@Param('id') id: string, @Body() body: ErasureDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string, @Req() request: FastifyRequest) {
    await this.stepUp.require(actor, request);
    return this.commands.execute(new ErasePersonalDataCommand(requireAccountId(id), body.reason, requestContext(actor, ip)));
  }
}
