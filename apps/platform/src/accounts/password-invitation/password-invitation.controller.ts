import { Controller, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { IssuePasswordInvitationCommand } from './password-invitation.handler.js';

@ApiTags('comptes')
@ApiBearerAuth()
@Controller('api/accounts')
export class PasswordInvitationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/invitation')
  @HttpCode(202)
  @Roles('administrator')
  @ApiOperation({ summary: 'Envoyer un nouveau courriel de création du mot de passe (le lien précédent ne vaut plus)' })
  @ApiAcceptedResponse({ description: '{ expiresAt } : le lien est envoyé par courriel' })
  async invite(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    const result = await this.commands.execute(new IssuePasswordInvitationCommand(requireAccountId(id), requestContext(actor, ip)));
    return { expiresAt: result.expiresAt };
  }
}
