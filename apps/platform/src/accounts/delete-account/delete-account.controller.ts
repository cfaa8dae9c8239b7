import { Controller, Delete, HttpCode, Ip, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { DeleteAccountCommand } from './delete-account.handler.js';

@ApiTags('comptes')
@ApiBearerAuth()
@Controller('api/accounts')
export class DeleteAccountController {
  constructor(private readonly commands: CommandBus) {}

  @Delete(':id')
  @HttpCode(204)
  @Roles('administrator')
  @ApiOperation({ summary: 'Supprimer un compte (le dernier administrateur ne peut pas l’être : 409)' })
  @ApiNoContentResponse()
  async remove(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<void> {
    await this.commands.execute(new DeleteAccountCommand(requireAccountId(id), requestContext(actor, ip)));
  }
}
