import { Controller, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { UnlockAccountCommand } from './unlock-account.handler.js';

@ApiTags('comptes')
@ApiBearerAuth()
@Controller('api/accounts')
export class UnlockAccountController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/unlock')
  @HttpCode(200)
  @Roles('administrator')
  @ApiOperation({ summary: 'Débloquer un compte bloqué après 5 échecs de connexion' })
  @ApiOkResponse({ description: '{ id, version }' })
  unlock(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    return this.commands.execute(new UnlockAccountCommand(requireAccountId(id), requestContext(actor, ip)));
  }
}
