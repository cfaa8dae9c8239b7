import { Get, Headers, Inject, Query } from '@nestjs/common';
import { Query as CqrsQuery, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { letterStatusLabels, type LetterEntry, type LettersReader } from '@peps/letters';
import { CurrentActor, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import { minPositionOf, requireActor } from '../../shell/query-side/actor-scope.js';
import { MinPositionDto } from '../../shell/query-side/min-position.dto.js';
import { LETTERS_READER, ReadYourWrites } from '@peps/runtime';
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

export class ListLetters extends CqrsQuery<{ items: (Omit<LetterEntry, 'pdfPath'> & { statusLabel: string; hasPdf: boolean })[] }> {
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
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  async execute({ filter, minPosition }: ListLetters) {
    await this.readYourWrites.wait(['letters'], minPosition);
    const letters = await this.letters.list(filter);
    // The file path is the server's business; clients fetch the PDF by letter id.
    return {
      items: letters.map(({ pdfPath, ...letter }) => ({ ...letter, statusLabel: letterStatusLabels[letter.status] ?? letter.status, hasPdf: pdfPath !== null })),
    };
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
