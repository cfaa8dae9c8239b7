import { Body, Get, Ip, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError, publishedVersions, termsOfUseAllowedFrom } from '@peps/domain';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { TextField } from '../../shell/command-side/dto-fields.js';
import { requestContext } from '@peps/runtime';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { AcceptTermsOfUseCommand, loadTermsOfUse, PublishTermsOfUseCommand } from './terms-of-use.handlers.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { loadTermsOfUseText, type TermsOfUseText } from './terms-of-use-text.js';

export interface TermsOfUseVersionView {
  version: string;
  publishedAt: string;
  /** Administrators only: whether their employer has accepted this version. */
  acceptedByEmployer?: boolean;
  /** Administrators only: the instant from which they may accept (8 days after becoming administrator). */
  mayAcceptFrom?: string;
}

export class PublishTermsOfUseDto {
  @TextField({ label: 'La version', max: 50, required: true, example: '2024-1' })
  version!: string;

  @TextField({ label: 'Le texte des conditions générales d’utilisation', max: 200_000, required: true })
  text!: string;
}

@ApiController('CGU', 'api/cgu/versions')
export class TermsOfUseController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSide: WriteSide,
  ) {}

  @Get()
  @Endpoint(['administrator', 'drs', 'auditor'], "Les versions publiées des CGU, la plus récente d'abord (et, pour un administrateur, leur validation par l'établissement)", { status: 200, description: '[{ version, publishedAt, acceptedByEmployer?, mayAcceptFrom? }]' })
  async versions(@CurrentActor() actor: AuthenticatedActor): Promise<TermsOfUseVersionView[]> {
    const terms = await loadTermsOfUse(this.writeSide);
    const list: TermsOfUseVersionView[] = [...publishedVersions(terms.state)].reverse().map((version) => ({
      version,
      publishedAt: terms.state.versions[version].publishedAt,
    }));
    if (!actor.roles.includes('administrator') || !actor.employerId) return list;
    const employer = (await this.writeSide.loadEmployer(actor.employerId, actor.employerStreamVersion)).state;
    // Roles are those of the sign-in: an administrator since removed has no date from which to accept.
    const since = employer?.administrators[actor.accountId]?.since;
    return list.map((entry) => ({
      ...entry,
      acceptedByEmployer: employer?.acceptedTermsOfUse[entry.version] !== undefined,
      ...(since ? { mayAcceptFrom: termsOfUseAllowedFrom(since) } : {}),
    }));
  }

  @Post()
  @Endpoint(['drs'], "Publier une version des conditions générales d'utilisation (DRS)", { status: 201, description: '{ version }' })
  publish(@Body() body: PublishTermsOfUseDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    return this.commands.execute(new PublishTermsOfUseCommand(body.version, body.text, requestContext(actor, ip)));
  }

  @Get(':version')
  @Endpoint(['administrator', 'drs', 'auditor'], "Le texte d'une version publiée des CGU (à lire avant de la valider)", { status: 200, description: '{ version, publishedAt, text }' })
  text(@Param('version') version: string): Promise<TermsOfUseText> {
    if (version.length > 50) throw new DomainError('terms-of-use.not-published');
    return loadTermsOfUseText(this.writeSide, version);
  }

  @Post(':version/acceptance')
  @Endpoint(['administrator'], "Valider une version des CGU pour son établissement (8 jours après être devenu administrateur)", { status: 201, description: '{ version, acceptedAt }' })
  accept(@Param('version') version: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    if (!actor.employerId) throw new DomainError('authorisation.forbidden');
    if (version.length > 50) throw new DomainError('terms-of-use.not-published');
    return this.commands.execute(new AcceptTermsOfUseCommand(actor.employerId, version, requestContext(actor, ip)));
  }
}
