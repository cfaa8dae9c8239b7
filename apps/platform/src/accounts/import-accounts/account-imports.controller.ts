import { Controller, Get, HttpCode, Ip, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, validationFailed } from '@peps/domain';
import { requestContext } from '@peps/runtime';
import type { FastifyRequest } from 'fastify';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { StepUp } from '../../access/second-factor/step-up.service.js';
import { AccountImports } from './account-imports.service.js';
import { IMPORT_MAX_BYTES, ImportRefused } from './import-csv.js';
import type { ImportReport } from './import-stream.js';

/** The request's body as bytes, refused past 5 MB without reading the rest (no body parser takes `text/csv`). */
export async function readImportBody(request: FastifyRequest): Promise<Buffer> {
  if (Buffer.isBuffer(request.body)) return request.body;
  // A JSON or form body was already read by its parser: the file must come as it is, not inside another format.
  if (!/^(text\/csv|application\/csv|text\/plain|application\/octet-stream)\b/i.test(request.headers['content-type'] ?? '')) {
    throw new ImportRefused('Envoyez le fichier tel quel, au format CSV (Content-Type: text/csv).');
  }
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > IMPORT_MAX_BYTES) throw new ImportRefused('Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers.');
  const chunks: Buffer[] = [];
  let size = 0;
  // No parser reads these types (shell/http/body-parsers.ts): the body is still on the connection.
  for await (const chunk of request.raw as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > IMPORT_MAX_BYTES) throw new ImportRefused('Le fichier dépasse 5 Mo : découpez-le en plusieurs fichiers.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A refused file as every validation failure answers: 400 `{errors: [{field: 'file', message}]}`. */
export function refusal(error: unknown): never {
  if (error instanceof ImportRefused) throw validationFailed([{ field: 'file', message: error.message }]);
  throw error;
}

@ApiTags('comptes')
@ApiBearerAuth()
@Controller('api/accounts/imports')
export class AccountImportsController {
  constructor(
    private readonly imports: AccountImports,
    private readonly stepUp: StepUp,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('administrator')
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'Vérifier un fichier CSV de comptes à importer (aucun compte n’est créé)' })
  @ApiCreatedResponse({ description: '{id, status: "checked", total, valid, errors: [{line, field, message}]}' })
  async check(@CurrentActor() actor: AuthenticatedActor, @Ip() ip: string, @Req() request: FastifyRequest) {
    if (!actor.employerId) throw new DomainError('authorisation.forbidden');
    try {
      const report = await this.imports.check(actor.employerId, await readImportBody(request), requestContext(actor, ip));
      return { id: report.id, status: report.status, total: report.total, valid: report.valid, errors: report.errors };
    } catch (error) {
      return refusal(error);
    }
  }

  @Post(':id/application')
  @HttpCode(202)
  @Roles('administrator')
  @ApiOperation({ summary: 'Créer en arrière-plan les comptes valides d’un import vérifié (chacun reçoit son courriel)' })
  @ApiAcceptedResponse({ description: 'Création lancée : suivre GET /api/accounts/imports/:id' })
  async apply(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor, @Ip() ip: string, @Req() request: FastifyRequest): Promise<{ id: string }> {
    if (!actor.employerId) throw new DomainError('authorisation.forbidden');
    await this.imports.load(actor.employerId, id);
    // Creating accounts is the sensitive action the creation form's own step-up guards.
    await this.stepUp.require(actor, request);
    await this.imports.apply(actor.employerId, id, requestContext(actor, ip));
    return { id };
  }

  @Get(':id')
  @Roles('administrator')
  @ApiOperation({ summary: 'État d’un import : vérifié, en cours, terminé ; comptes créés et lignes refusées' })
  @ApiOkResponse({ description: '{status, total, done, created: [{line, id, identifier}], errors}' })
  async status(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor): Promise<ImportReport> {
    if (!actor.employerId) throw new DomainError('authorisation.forbidden');
    return this.imports.report(actor.employerId, id);
  }
}
