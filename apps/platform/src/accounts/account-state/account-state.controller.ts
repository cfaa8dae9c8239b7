import { Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { requestContext } from '@peps/runtime';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { AccountStateCommand } from './account-state-command.handler.js';

/** Renewal and unlocking: an administrator's commands on one account, given by id alone. */
@ApiController('comptes', 'api/accounts')
export class AccountStateController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/unlock')
  @Endpoint(['administrator'], 'Débloquer un compte bloqué après 5 échecs de connexion', { status: 200, description: '{ id, version }' })
  unlock(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    return this.commands.execute(new AccountStateCommand('UnlockAccount', requireAccountId(id), requestContext(actor, ip)));
  }

  // Administrators only: the DRS manages accounts but cannot vouch that a person still works for the employer.
  @Post(':id/renewal')
  @Endpoint(['administrator'], 'Renouveler un compte (PEP’s) : ses 18 mois sans connexion repartent de ce jour', { status: 204 })
  async renew(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<void> {
    await this.commands.execute(new AccountStateCommand('RenewAccount', requireAccountId(id), requestContext(actor, ip)));
  }
}
