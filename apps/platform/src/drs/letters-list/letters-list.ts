import { Get, Headers, Inject, Optional, Query } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { LetterEntry, LettersReader } from '@peps/letters';
import type { AdministratorRegistrationsReader } from '@peps/administrator-registrations';
import { letterReferences } from '@peps/process-managers';
import type { SqlDatabase } from '@peps/sql';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { minPositionOf, requireActor } from '../../shell/query-side/actor-scope.js';
import { MinPositionDto } from '../../shell/query-side/min-position.dto.js';
import { ADMINISTRATOR_REGISTRATIONS_READER, LETTERS_READER, ReadYourWrites, SQL_DATABASE } from '@peps/runtime';
import { letterKindLabel, letterStatusLabel } from '../letter-status-labels.js';
import { ApiController, Endpoint } from '../../shell/http/api-endpoint.js';

export class ListLettersDto extends MinPositionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'Le statut doit être un texte.' })
  @MaxLength(50, { message: 'Le statut est trop long.' })
  status?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'L’employeur doit être un identifiant.' })
  @MaxLength(100, { message: 'L’identifiant d’employeur est trop long.' })
  employerId?: string;
}

export type LetterItem = Omit<LetterEntry, 'pdfPath'> & {
  statusLabel: string;
  hasPdf: boolean;
  kindLabel: string;
  /** What the representative quotes back (`ADM-2026-000123`); null before the letter is planned. */
  reference: string | null;
  administrator: { id: string; identifier: string; name: string } | null;
  employer: { id: string; name: string } | null;
};

export class ListLetters extends CqrsQuery<{ items: LetterItem[] }> {
  constructor(
    readonly filter: { status?: string; employerId?: string },
    readonly minPosition?: string,
  ) {
    super();
  }
}

@QueryHandler(ListLetters)
export class ListLettersHandler implements IQueryHandler<ListLetters> {
  constructor(
    @Inject(LETTERS_READER) private readonly letters: LettersReader,
    @Inject(ADMINISTRATOR_REGISTRATIONS_READER) private readonly registrations: AdministratorRegistrationsReader,
    private readonly readYourWrites: ReadYourWrites,
    // The references live with the letters' effects in `pm.effects`; a read side without SQL shows none.
    @Optional() @Inject(SQL_DATABASE) private readonly db?: SqlDatabase,
  ) {}

  async execute({ filter, minPosition }: ListLetters): Promise<{ items: LetterItem[] }> {
    await this.readYourWrites.wait(['letters', 'administrator-registrations'], minPosition);
    const [letters, registrations] = await Promise.all([this.letters.list(filter), this.registrations.list(filter.employerId ? { employerId: filter.employerId } : {})]);
    const references = await this.references(letters.map((l) => l.letterId));
    const administrators = new Map(registrations.map((r) => [r.accountId, r]));
    const employers = new Map(registrations.map((r) => [r.employerId, r.employerName]));
    return {
      // The file path is the server's business; clients fetch the PDF by letter id.
      items: letters.map(({ pdfPath, ...letter }) => {
        const administrator = letter.accountId ? administrators.get(letter.accountId) : undefined;
        const employerName = letter.employerId ? employers.get(letter.employerId) : undefined;
        return {
          ...letter,
          statusLabel: letterStatusLabel(letter.status) ?? letter.status,
          hasPdf: pdfPath !== null,
          kindLabel: letterKindLabel(letter.kind),
          reference: references.get(letter.letterId) ?? null,
          administrator: administrator
            ? { id: administrator.accountId, identifier: administrator.identifier, name: `${administrator.firstName} ${administrator.lastName.toUpperCase()}` }
            : null,
          employer: letter.employerId && employerName ? { id: letter.employerId, name: employerName } : null,
        };
      }),
    };
  }

  private async references(ids: string[]): Promise<Map<string, string>> {
    if (!this.db) return new Map();
    try {
      return await letterReferences(this.db, ids);
    } catch {
      return new Map(); // no `pm` schema yet in a process that never ran a manager: no reference to show
    }
  }
}

@ApiController('DRS', 'api/letters')
export class LettersListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Endpoint(['drs'], 'Courriers aux représentants légaux et leur état')
  list(@CurrentActor() actor: AuthenticatedActor | undefined, @Query() query: ListLettersDto, @Headers('x-min-position') header?: string) {
    requireActor(actor);
    const { minPosition, ...filter } = query;
    return this.queries.execute(new ListLetters(filter, minPositionOf({ minPosition }, header)));
  }
}
