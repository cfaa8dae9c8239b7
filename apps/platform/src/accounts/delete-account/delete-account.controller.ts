import { Delete, Ip, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { DeleteAccountCommand } from './delete-account.handler.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

@ApiController('comptes', 'api/accounts')
export class DeleteAccountController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id')
  @Endpoint(['administrator'], 'Supprimer un compte (le dernier administrateur ne peut pas l’être : 409)', { status: 204 })
  async remove(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<void> {
    await this.commands.execute(new DeleteAccountCommand(requireAccountId(id), requestContext(actor, ip)));
  }
}
