import { Body, Controller, HttpCode, Ip, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../authentication/access.decorators.js';
import { TextField } from '../../shell/command-side/dto-fields.js';
import { requestContext } from '@peps/runtime';
import { CreatePasswordCommand } from './create-password.handler.js';

export class CreatePasswordDto {
  @TextField({ label: 'Le jeton du lien', max: 200, required: true, description: 'Le paramètre `jeton` du lien reçu par courriel.' })
  token!: string;

  @TextField({ label: 'Le mot de passe', max: 1000, required: true })
  password!: string;

  @TextField({ label: 'La confirmation du mot de passe', max: 1000, required: true })
  passwordConfirmation!: string;
}

@ApiTags('mot de passe')
@Controller('api/password')
export class CreatePasswordController {
  constructor(private readonly commands: CommandBus) {}

  @Post('setup')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Créer (ou réinitialiser) son mot de passe avec le jeton du lien reçu par courriel' })
  @ApiOkResponse({ description: '{ identifier } ; 400 règles du mot de passe, 404 lien inconnu, 410 lien expiré ou déjà utilisé' })
  async setup(@Body() body: CreatePasswordDto, @Ip() ip: string, @Res({ passthrough: true }) response: FastifyReply) {
    // The token travels in the body only; no referrer must leak the page's URL (which carries it) either.
    response.header('Referrer-Policy', 'no-referrer');
    const result = await this.commands.execute(new CreatePasswordCommand(body.token, body.password, body.passwordConfirmation, requestContext(undefined, ip)));
    return { identifier: result.identifier };
  }
}
