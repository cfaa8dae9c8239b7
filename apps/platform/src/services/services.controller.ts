import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { accessLevelLabels, rightsCatalogue } from '../../../../libs/domain/src/index.js';

@ApiTags('services')
@ApiBearerAuth()
@Controller('api/services')
export class ServicesController {
  @Get()
  @ApiOperation({ summary: 'Le catalogue des services PEP’s et les niveaux d’accès' })
  @ApiOkResponse({ description: '{ version, levels, families: [{ code, label, services: [{ code, label }] }] }' })
  catalogue() {
    return {
      version: rightsCatalogue.version,
      levels: Object.entries(accessLevelLabels).map(([code, label]) => ({ code, label })),
      families: rightsCatalogue.families.map((family) => ({
        code: family.code,
        label: family.label,
        services: family.services.map((service) => ({ code: service.code, label: service.label })),
      })),
    };
  }
}
