import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { RegisteredEmployerDto, RegisterEmployerDto } from './register-employer.dto.js';
import { RegisterEmployerCommand } from './register-employer.handler.js';

@ApiTags('établissements')
@ApiBearerAuth()
@Controller('api/establishments')
export class RegisterEmployerController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('drs')
  @ApiOperation({ summary: 'Inscrire un établissement et son premier administrateur (opérateur DRS)' })
  @ApiCreatedResponse({ type: RegisteredEmployerDto })
  async register(@Body() body: RegisterEmployerDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<RegisteredEmployerDto> {
    const result = await this.commands.execute(new RegisterEmployerCommand(body, requestContext(actor, ip)));
    return { id: result.id, firstAdministrator: { id: result.firstAdministrator.id, identifier: result.firstAdministrator.identifier } };
  }
}
