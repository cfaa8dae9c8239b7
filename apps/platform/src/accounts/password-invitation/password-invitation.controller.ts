import { Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { IssuePasswordInvitationCommand } from './password-invitation.handler.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

@ApiController('comptes', 'api/accounts')
export class PasswordInvitationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/invitation')
  @Endpoint(['administrator'], 'Envoyer un nouveau courriel de création du mot de passe (le lien précédent ne vaut plus)', { status: 202, description: '{ expiresAt } : le lien est envoyé par courriel' })
  async invite(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    const result = await this.commands.execute(new IssuePasswordInvitationCommand(requireAccountId(id), requestContext(actor, ip)));
    return { expiresAt: result.expiresAt };
  }
}
