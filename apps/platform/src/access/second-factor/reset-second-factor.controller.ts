import { Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { requestContext, type AuthenticatedActor } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { CurrentActor } from '../authentication/access.decorators.js';
import { DecideSecondFactorCommand } from './second-factor-command.handler.js';

/**
 * « Réinitialiser la double authentification »: an administrator for an account of the employer, the DRS for an
 * administrator (the domain says who may). The holder is told by e-mail; trusted workstations end.
 */
@ApiController('double authentification', 'api/accounts')
export class ResetSecondFactorController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/second-factor/reset')
  @Endpoint(['administrator', 'drs'], 'Réinitialiser la double authentification d’un compte (application, clés d’accès, postes de confiance)', { status: 204 })
  async reset(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<void> {
    await this.commands.execute(new DecideSecondFactorCommand({ type: 'ResetSecondFactor', accountId: requireAccountId(id) }, requestContext(actor, ip)));
  }
}
