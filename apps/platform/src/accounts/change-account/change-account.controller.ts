import { Body, Controller, Ip, Param, Patch } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { requestContext } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { ChangeAccountDto, ChangedAccountDto } from './change-account.dto.js';
import { ChangeAccountCommand } from './change-account.handler.js';

@ApiTags('comptes')
@ApiBearerAuth()
@Controller('api/accounts')
export class ChangeAccountController {
  constructor(private readonly commands: CommandBus) {}

  @Patch(':id')
  @Roles('administrator')
  @ApiOperation({ summary: 'Appliquer les modifications (coordonnées, droits, profil) à la version attendue' })
  @ApiOkResponse({ type: ChangedAccountDto })
  change(@Param('id') id: string, @Body() body: ChangeAccountDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    return this.commands.execute(new ChangeAccountCommand(requireAccountId(id), body, requestContext(actor, ip)));
  }
}
