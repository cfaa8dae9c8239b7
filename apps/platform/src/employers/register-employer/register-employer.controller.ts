import { Body, Ip, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { RegisteredEmployerDto, RegisterEmployerDto } from './register-employer.dto.js';
import { RegisterEmployerCommand } from './register-employer.handler.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

@ApiController('établissements', 'api/establishments')
export class RegisterEmployerController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Endpoint(['drs'], 'Inscrire un établissement et son premier administrateur (opérateur DRS)', { status: 201, type: RegisteredEmployerDto })
  async register(@Body() body: RegisterEmployerDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<RegisteredEmployerDto> {
    const result = await this.commands.execute(new RegisterEmployerCommand(body, requestContext(actor, ip)));
    return { id: result.id, firstAdministrator: { id: result.firstAdministrator.id, identifier: result.firstAdministrator.identifier } };
  }
}
