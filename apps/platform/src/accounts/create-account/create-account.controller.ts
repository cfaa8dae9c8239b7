import { Body, Controller, HttpCode, Ip, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { StepUp } from '../../access/second-factor/step-up.service.js';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@peps/domain';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { AccountBodyDto, CreatedAccountDto } from './account-body.dto.js';
import { CreateAccountCommand } from './create-account.handler.js';

@ApiTags('comptes')
@ApiBearerAuth()
@Controller('api/accounts')
export class CreateAccountController {
  constructor(
    private readonly commands: CommandBus,
    private readonly stepUp: StepUp,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator')
  @ApiOperation({ summary: 'Créer un compte dans son établissement (les droits omis prennent les valeurs par défaut)' })
  @ApiCreatedResponse({ type: CreatedAccountDto })
  async create(@Body() body: AccountBodyDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string, @Req() request: FastifyRequest): Promise<CreatedAccountDto> {
    if (!actor.employerId) throw new DomainError('authorisation.forbidden');
    await this.stepUp.require(actor, request);
    const created = await this.commands.execute(new CreateAccountCommand(actor.employerId, body, requestContext(actor, ip)));
    return { id: created.id, identifier: created.identifier };
  }
}
