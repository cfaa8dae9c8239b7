import { Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { UnlockAccountCommand } from './unlock-account.handler.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

@ApiController('comptes', 'api/accounts')
export class UnlockAccountController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/unlock')
  @Endpoint(['administrator'], 'Débloquer un compte bloqué après 5 échecs de connexion', { status: 200, description: '{ id, version }' })
  unlock(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    return this.commands.execute(new UnlockAccountCommand(requireAccountId(id), requestContext(actor, ip)));
  }
}
