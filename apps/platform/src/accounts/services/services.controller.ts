import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { accessLevelLabels, defaultRightsTemplate, rightsCatalogue, type CompleteRights } from '@peps/domain';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { WriteSide } from '../../shell/command-side/write-side.js';

/** The catalogue is the domain's constant: built once, not on every request. */
const catalogue = Object.freeze({
  version: rightsCatalogue.version,
  levels: Object.entries(accessLevelLabels).map(([code, label]) => ({ code, label })),
  families: rightsCatalogue.families.map((family) => ({
    code: family.code,
    label: family.label,
    services: family.services.map((service) => ({ code: service.code, label: service.label })),
  })),
});

@ApiTags('services')
@ApiBearerAuth()
@Controller('api/services')
export class ServicesController {
  constructor(private readonly writeSide: WriteSide) {}

  @Get()
  @ApiOperation({ summary: 'Le catalogue des services PEP’s et les niveaux d’accès (et, pour un administrateur, les droits par défaut de son établissement)' })
  @ApiOkResponse({ description: '{ version, levels, families: [{ code, label, services: [{ code, label }] }], defaults?: { serviceCode: level } }' })
  async catalogue(@CurrentActor() actor: AuthenticatedActor) {
    if (!actor?.roles.includes('administrator') || !actor.employerId) return catalogue;
    return { ...catalogue, defaults: await this.employerDefaults(actor.employerId, actor.employerStreamVersion) };
  }

  /** The employer's default rights (chosen at registration), the domain's template when the stream has none. */
  private async employerDefaults(employerId: string, knownVersion?: number): Promise<CompleteRights> {
    // The version read with the session: the employer state this process already holds at it costs no round trip.
    const employer = (await this.writeSide.loadEmployer(employerId, knownVersion)).state;
    return { ...defaultRightsTemplate, ...(employer?.defaultRights ?? {}) };
  }
}
