import { Body, Controller, Ip, Param, Patch, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StepUp } from '../../access/second-factor/step-up.service.js';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { ChangeAccountDto, ChangedAccountDto } from './change-account.dto.js';
import { ChangeAccountCommand } from './change-account.handler.js';

@ApiTags('comptes')
@ApiBearerAuth()
@Controller('api/accounts')
export class ChangeAccountController {
  constructor(
    private readonly commands: CommandBus,
    private readonly stepUp: StepUp,
  ) {}

  @Patch(':id')
  @Roles('administrator')
  @ApiOperation({ summary: 'Appliquer les modifications (coordonnées, droits, profil) à la version attendue' })
  @ApiOkResponse({ type: ChangedAccountDto })
  async change(@Param('id') id: string, @Body() body: ChangeAccountDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string, @Req() request: FastifyRequest) {
    const accountId = requireAccountId(id);
    await this.stepUp.requireForAccountChange(actor, request, accountId, {
      contact: body.contact as Record<string, unknown> | undefined,
      rights: body.rights as Record<string, unknown> | undefined,
    });
    return this.commands.execute(new ChangeAccountCommand(accountId, body, requestContext(actor, ip)));
  }
}
