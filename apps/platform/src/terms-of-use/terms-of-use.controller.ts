import { Body, Controller, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../../../../libs/domain/src/index.js';
import { CurrentActor, Roles, type AuthenticatedActor } from '../auth/access.decorators.js';
import { TextField } from '../infrastructure/dto-fields.js';
import { requestContext } from '../infrastructure/request-context.js';
import { AcceptTermsOfUseCommand, PublishTermsOfUseCommand } from './terms-of-use.handlers.js';

export class PublishTermsOfUseDto {
  @TextField({ label: 'La version', max: 50, required: true, example: '2024-1' })
  version!: string;

  @TextField({ label: 'Le texte des conditions générales d’utilisation', max: 200_000, required: true })
  text!: string;
}

@ApiTags('CGU')
@ApiBearerAuth()
@Controller('api/cgu/versions')
export class TermsOfUseController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  @Roles('drs')
  @ApiOperation({ summary: "Publier une version des conditions générales d'utilisation (DRS)" })
  @ApiCreatedResponse({ description: '{ version }' })
  publish(@Body() body: PublishTermsOfUseDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    return this.commands.execute(new PublishTermsOfUseCommand(body.version, body.text, requestContext(actor, ip)));
  }

  @Post(':version/acceptance')
  @HttpCode(201)
  @Roles('administrator')
  @ApiOperation({ summary: "Valider une version des CGU pour son établissement (8 jours après être devenu administrateur)" })
  @ApiCreatedResponse({ description: '{ version, acceptedAt }' })
  accept(@Param('version') version: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    if (!actor.employerId) throw new DomainError('authorisation.forbidden');
    if (version.length > 50) throw new DomainError('terms-of-use.not-published');
    return this.commands.execute(new AcceptTermsOfUseCommand(actor.employerId, version, requestContext(actor, ip)));
  }
}
