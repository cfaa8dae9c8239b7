import { Get, Headers, Inject, Query, Res } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiProduces, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, isUUID, MaxDate, MaxLength, MinDate } from 'class-validator';
import type { SqlDatabase } from '@peps/sql';
import type { FastifyReply } from 'fastify';
import type { EventStore, VerifyReport } from '@peps/event-store';
import { auditTrailCsv, type AuditEmployer, type AuditTrailEntry, type AuditTrailFilter, type AuditTrailReader } from '@peps/audit-trail';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { AUDIT_TRAIL_READER, EVENT_STORE, Operators, SQL_DATABASE } from '@peps/runtime';
import { minPositionOf, requireActor } from '../../shell/query-side/actor-scope.js';
import { MinPositionDto } from '../../shell/query-side/min-position.dto.js';
import { BoundedInteger } from '../../shell/query-side/bounded-integer.js';
import { ReadYourWrites } from '@peps/runtime';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';
import { findOperator } from '../../accounts/account-history/actor-names.js';

/** PostgreSQL's text input reads years 1 to 9999 only (JavaScript goes to 275760, written '+YYYYYY'). */
const YEAR_1 = new Date('0001-01-01T00:00:00.000Z');
const YEAR_9999 = new Date('9999-12-31T23:59:59.999Z');
const YEARS = 'La période doit être comprise entre l’an 1 et l’an 9999.';

export class VerifyEventStore extends CqrsQuery<VerifyReport> {}

@QueryHandler(VerifyEventStore)
export class VerifyEventStoreHandler implements IQueryHandler<VerifyEventStore> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  execute(): Promise<VerifyReport> {
    return this.store.verify();
  }
}

export class AuditTrailDto extends MinPositionDto {
  @ApiPropertyOptional() @IsOptional() @IsString({ message: 'L’employeur doit être un identifiant.' }) @MaxLength(100, { message: 'Identifiant trop long.' })
  employerId?: string;

  @ApiPropertyOptional() @IsOptional() @IsString({ message: 'Le compte doit être un identifiant.' }) @MaxLength(100, { message: 'Identifiant trop long.' })
  accountId?: string;

  @ApiPropertyOptional({ description: 'Identifiant interne du compte auteur, « system » ou « anonymous »' })
  @IsOptional() @IsString({ message: 'L’auteur doit être un identifiant.' }) @MaxLength(100, { message: 'Identifiant trop long.' })
  actor?: string;

  @ApiPropertyOptional({ description: 'Début de période (ISO-8601)' })
  @IsOptional() @Type(() => Date) @IsDate({ message: 'Le début de période doit être une date ISO-8601.' })
  @MinDate(YEAR_1, { message: YEARS }) @MaxDate(YEAR_9999, { message: YEARS })
  from?: Date;

  @ApiPropertyOptional({ description: 'Fin de période (ISO-8601)' })
  @IsOptional() @Type(() => Date) @IsDate({ message: 'La fin de période doit être une date ISO-8601.' })
  @MinDate(YEAR_1, { message: YEARS }) @MaxDate(YEAR_9999, { message: YEARS })
  to?: Date;

  @ApiPropertyOptional({ default: 1000, maximum: 100000 })
  @BoundedInteger(100_000, { integer: 'La limite doit être un nombre entier.', min: 'La limite doit être au moins 1.', max: 'La limite ne peut pas dépasser 100 000.' })
  limit?: number;
}

export class GetAuditTrail extends CqrsQuery<AuditTrailEntry[]> {
  constructor(
    readonly filter: AuditTrailFilter,
    readonly minPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(GetAuditTrail)
export class GetAuditTrailHandler implements IQueryHandler<GetAuditTrail> {
  private readonly operators: Operators;

  constructor(
    @Inject(AUDIT_TRAIL_READER) private readonly audit: AuditTrailReader,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(SQL_DATABASE) db: SqlDatabase,
  ) {
    this.operators = new Operators(db);
  }

  async execute({ filter, minPosition }: GetAuditTrail): Promise<AuditTrailEntry[]> {
    await this.readYourWrites.wait(['audit-trail'], minPosition);
    return this.nameOperators(await this.audit.trail({ limit: 1000, ...filter }));
  }

  /** The read model names employer accounts; an operator (no account stream) is left as its id: name it from auth.operators. */
  private async nameOperators(entries: AuditTrailEntry[]): Promise<AuditTrailEntry[]> {
    const unnamed = [...new Set(entries.filter((e) => e.actorLabel === e.actor && isUUID(e.actor)).map((e) => e.actor))];
    if (!unnamed.length) return entries;
    const labels = new Map<string, string>();
    for (const id of unnamed) {
      const operator = await findOperator(this.operators, id);
      if (operator) labels.set(id, `${operator.identifier} (${operator.displayName}, DRS)`);
    }
    return entries.map((e) => (labels.has(e.actor) ? { ...e, actorLabel: labels.get(e.actor)! } : e));
  }
}

export class EmployerSearchDto extends MinPositionDto {
  @ApiPropertyOptional({ description: 'Nom ou SIRET, en tout ou partie (accents et casse ignorés)' })
  @IsOptional() @IsString({ message: 'La recherche doit être un texte.' }) @MaxLength(100, { message: 'La recherche ne peut pas dépasser 100 caractères.' })
  search?: string;
}

export class FindAuditEmployers extends CqrsQuery<AuditEmployer[]> {
  constructor(
    readonly search: string | undefined,
    readonly minPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(FindAuditEmployers)
export class FindAuditEmployersHandler implements IQueryHandler<FindAuditEmployers> {
  constructor(
    @Inject(AUDIT_TRAIL_READER) private readonly audit: AuditTrailReader,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ search, minPosition }: FindAuditEmployers): Promise<AuditEmployer[]> {
    await this.readYourWrites.wait(['audit-trail'], minPosition);
    return this.audit.employers(search?.trim() || undefined);
  }
}

@ApiController('audit', 'api/audit')
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Get('employers')
  @Endpoint(['auditor', 'drs'], 'Établissements par nom ou SIRET (50 au plus), pour choisir celui dont on audite la matrice des droits')
  async employers(@CurrentActor() actor: AuthenticatedActor | undefined, @Query() query: EmployerSearchDto, @Headers('x-min-position') header: string | undefined) {
    requireActor(actor);
    return { items: await this.queries.execute(new FindAuditEmployers(query.search, minPositionOf(query, header))) };
  }

  @Get('verify')
  @Endpoint(['auditor'], 'Vérifie la chaîne d’intégrité de chaque flux d’événements')
  verify(@CurrentActor() actor: AuthenticatedActor | undefined) {
    requireActor(actor);
    return this.queries.execute(new VerifyEventStore());
  }

  @Get('trail')
  @Roles('auditor')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Journal lisible de tous les événements, filtrable ; Accept: text/csv pour un export' })
  async trail(
    @CurrentActor() actor: AuthenticatedActor | undefined,
    @Query() query: AuditTrailDto,
    @Headers('accept') accept: string | undefined,
    @Headers('x-min-position') header: string | undefined,
    @Res({ passthrough: true }) response: FastifyReply,
  ) {
    requireActor(actor);
    const { minPosition, ...filter } = query;
    const entries = await this.queries.execute(new GetAuditTrail(filter, minPositionOf({ minPosition }, header)));
    if (/text\/csv/i.test(accept ?? '')) {
      response.header('Content-Type', 'text/csv; charset=utf-8');
      response.header('Content-Disposition', 'attachment; filename="journal-d-audit.csv"');
      return auditTrailCsv(entries);
    }
    return { items: entries };
  }
}
