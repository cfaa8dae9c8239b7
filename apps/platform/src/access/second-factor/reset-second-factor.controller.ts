import { Controller, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { requestContext, type AuthenticatedActor } from '@peps/runtime';
import { requireAccountId } from '../../shell/command-side/write-side.js';
import { CurrentActor, Roles } from '../authentication/access.decorators.js';
import { DecideSecondFactorCommand } from './second-factor-command.handler.js';

/**
 * « Réinitialiser la double authentification »: an administrator for an account of the employer, the DRS for an
 * administrator (the domain says who may). The holder is told by e-mail; trusted workstations end.
 */
@ApiTags('double authentification')
@ApiBearerAuth()
@Controller('api/accounts')
export class ResetSecondFactorController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/second-factor/reset')
  @Roles('administrator', 'drs')
  @HttpCode(204)
  @ApiOperation({ summary: 'Réinitialiser la double authentification d’un compte (application, clés d’accès, postes de confiance)' })
  @ApiNoContentResponse()
  async reset(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<void> {
    await this.commands.execute(new DecideSecondFactorCommand({ type: 'ResetSecondFactor', accountId: requireAccountId(id) }, requestContext(actor, ip)));
  }
}
