import { Body, Controller, HttpCode, Ip, Logger, Post, UseGuards } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../authentication/access.decorators.js';
import { AttemptThrottlerGuard } from '../throttling/attempt-throttler.guard.js';
import { redactForLog } from '@peps/runtime';
import { withResponseFloor } from '../authentication/response-floor.js';
import { TextField } from '../../shell/command-side/dto-fields.js';
import { requestContext } from '@peps/runtime';
import { RecoveryService } from './recovery.service.js';

export class PasswordForgottenDto {
  @TextField({ label: "L'identifiant", max: 50, required: true, example: 'JLO000439' })
  identifier!: string;
}

export class IdentifierForgottenDto {
  @TextField({ label: 'Le courriel', max: 254, required: true, example: 'jean.louty@chu-nantes.fr' })
  email!: string;
}

/** Both answers take at least this long, found or not. */
export const RECOVERY_FLOOR_MS = 200;

@ApiTags('mot de passe')
@Controller('api')
export class RecoveryController {
  private readonly logger = new Logger('Recovery');

  constructor(private readonly recovery: RecoveryService) {}

  @Post('password/forgotten')
  @Public()
  @UseGuards(AttemptThrottlerGuard)
  @HttpCode(202)
  @ApiOperation({ summary: 'Mot de passe oublié : un lien valable 1 heure est envoyé si le compte existe (toujours 202)' })
  @ApiAcceptedResponse()
  async passwordForgotten(@Body() body: PasswordForgottenDto, @Ip() ip: string) {
    await withResponseFloor(RECOVERY_FLOOR_MS, () =>
      this.recovery.passwordForgotten(body.identifier, requestContext(undefined, ip)).catch((error: Error) => this.logger.error(redactForLog(error.message))),
    );
    return { message: 'Si ce compte existe, un courriel vient de lui être envoyé.' };
  }

  @Post('identifier/forgotten')
  @Public()
  @UseGuards(AttemptThrottlerGuard)
  @HttpCode(202)
  @ApiOperation({ summary: 'Identifiant oublié : les identifiants liés au courriel lui sont envoyés (toujours 202)' })
  @ApiAcceptedResponse()
  async identifierForgotten(@Body() body: IdentifierForgottenDto) {
    await withResponseFloor(RECOVERY_FLOOR_MS, () => this.recovery.identifierForgotten(body.email).catch((error: Error) => this.logger.error(redactForLog(error.message))));
    return { message: 'Si des comptes sont liés à ce courriel, leurs identifiants viennent d’y être envoyés.' };
  }
}
