import { Get, HttpCode, Ip, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProperty } from '@nestjs/swagger';
import { MAX_CONSECUTIVE_FAILED_SIGN_INS } from '@peps/domain';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { Operators } from '@peps/runtime';
import { SecurityAudit } from '@peps/runtime';
import { requestContext } from '@peps/runtime';
import { toOperatorView, unlockOperator, type OperatorView } from '@peps/runtime';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

export class OperatorDto implements OperatorView {
  @ApiProperty() id!: string;
  @ApiProperty({ example: 'DRSOPER01' }) identifier!: string;
  @ApiProperty({ example: 'Opérateur DRS DRSOPER01' }) displayName!: string;
  @ApiProperty({ example: ['drs', 'auditor'] }) roles!: string[];
  @ApiProperty({ enum: ['active', 'locked'], description: `« locked » : bloqué après ${MAX_CONSECUTIVE_FAILED_SIGN_INS} échecs de connexion consécutifs` })
  status!: 'active' | 'locked';
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lockedAt!: string | null;
  @ApiProperty({ description: 'Échecs de connexion consécutifs' }) consecutiveFailedSignIns!: number;
}

export class OperatorListDto {
  @ApiProperty({ type: [OperatorDto] }) items!: OperatorDto[];
}

/** The platform's operators (DRS, auditors) for the DRS: who is locked, and unlocking them. */
@ApiController('opérateurs DRS', 'api/drs/operators')
export class DrsOperatorsController {
  constructor(
    private readonly operators: Operators,
    private readonly audit: SecurityAudit,
  ) {}

  @Get()
  @Endpoint(['drs'], 'Opérateurs de la plateforme (DRS, auditeurs) et leur état : actif ou bloqué', { status: 200, type: OperatorListDto })
  async list(): Promise<OperatorListDto> {
    return { items: (await this.operators.list()).map(toOperatorView) };
  }

  @Post(':identifier/unlock')
  @Roles('drs')
  @HttpCode(200)
  @ApiOperation({ summary: `Débloquer un opérateur bloqué après ${MAX_CONSECUTIVE_FAILED_SIGN_INS} échecs de connexion consécutifs` })
  @ApiParam({ name: 'identifier', example: 'DRSOPER01', description: "Identifiant de l'opérateur (majuscules ou minuscules)" })
  @ApiOkResponse({ type: OperatorDto })
  @ApiNotFoundResponse({ description: 'Aucun opérateur ne porte cet identifiant' })
  @ApiConflictResponse({ description: "L'opérateur n'est pas bloqué" })
  unlock(@Param('identifier') identifier: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string): Promise<OperatorDto> {
    return unlockOperator(this.operators, this.audit, identifier, requestContext(actor, ip));
  }
}
