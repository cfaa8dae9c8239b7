import { Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { minPositionOf, requireActor } from '../../shell/query-side/actor-scope.js';
import { MinPositionDto } from '../../shell/query-side/min-position.dto.js';
import { GetRightsMatrix } from './rights-matrix.query.js';
import { ApiController } from '../../shell/http/api-endpoint.js';

@ApiController('droits', 'api/establishments')
export class RightsMatrixController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/rights-matrix')
  @Roles('administrator', 'auditor', 'drs')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Matrice comptes × services ; Accept: text/csv pour un export tableur' })
  async matrix(
    @CurrentActor() actor: AuthenticatedActor | undefined,
    @Param('id') employerId: string,
    @Query() query: MinPositionDto,
    @Headers('accept') accept: string | undefined,
    @Headers('x-min-position') header: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    const csv = /text\/csv/i.test(accept ?? '');
    const result = await this.queries.execute(new GetRightsMatrix(requireActor(actor), employerId, csv ? 'csv' : 'json', minPositionOf(query, header)));
    if (csv) {
      response.header('Content-Type', 'text/csv; charset=utf-8');
      response.header('Content-Disposition', `attachment; filename="matrice-des-droits-${employerId.replace(/[^A-Za-z0-9-]/g, '')}.csv"`);
    }
    return result;
  }
}
