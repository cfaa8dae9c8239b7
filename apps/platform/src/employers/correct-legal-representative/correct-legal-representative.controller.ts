import { Body, Get, Ip, NotFoundException, Param, Put } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { requestContext } from '@peps/runtime';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { LegalRepresentativeDto } from '../register-employer/register-employer.dto.js';
import { CorrectLegalRepresentativeCommand } from './correct-legal-representative.handler.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Where an employer's letters go, read and corrected by the DRS (a letter failed or came back). */
@ApiController('établissements', 'api/establishments')
export class CorrectLegalRepresentativeController {
  constructor(
    private readonly commands: CommandBus,
    private readonly writeSide: WriteSide,
  ) {}

  @Get(':id/legal-representative')
  @Endpoint(['drs'], 'Le représentant légal d’un établissement et l’adresse de ses courriers (opérateur DRS)')
  async read(@Param('id') id: string) {
    const employer = UUID.test(id) ? (await this.writeSide.loadEmployer(id)).state : null;
    if (!employer) throw new NotFoundException('Établissement introuvable.');
    return { id, name: employer.name, siret: employer.siret, legalRepresentative: { ...employer.legalRepresentative, address: employer.address } };
  }

  @Put(':id/legal-representative')
  @Endpoint(['drs'], 'Corriger le représentant légal ou l’adresse de ses courriers (opérateur DRS)')
  async correct(@Param('id') id: string, @Body() body: LegalRepresentativeDto, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string) {
    if (!UUID.test(id)) throw new NotFoundException('Établissement introuvable.');
    return this.commands.execute(new CorrectLegalRepresentativeCommand(id, body, requestContext(actor, ip)));
  }
}
