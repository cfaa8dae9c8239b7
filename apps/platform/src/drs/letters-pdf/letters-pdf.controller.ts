import { Controller, Get, HttpCode, Inject, NotFoundException, ConflictException, Param, Post, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EventStore } from '@peps/event-store';
import { markLetterReturned, readLetter, sendLetterToMailroom, migrateProcessManagers } from '@peps/process-managers';
import type { SqlDatabase } from '@peps/sql';
import { CurrentActor, Roles, type AuthenticatedActor } from '../../access/authentication/access.decorators.js';
import type { PlatformClock } from '@peps/runtime';
import type { PlatformConfig } from '@peps/runtime';
import { EVENT_STORE, PLATFORM_CLOCK, PLATFORM_CONFIG, SQL_DATABASE } from '@peps/runtime';

/** Letters to legal representatives, for the DRS: the PDF itself, and the hand-over to the mailroom. */
@Controller('api/letters')
export class LettersPdfController {
  private ready: Promise<unknown> | null = null;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
  ) {}

  /** The `pm` tables exist even in an HTTP process that runs no manager. */
  private schema(): Promise<unknown> {
    this.ready ??= migrateProcessManagers(this.db);
    return this.ready;
  }

  @Get(':id/pdf')
  @Roles('drs')
  async pdf(@Param('id') id: string, @Res({ passthrough: true }) response: FastifyReply): Promise<StreamableFile> {
    await this.schema();
    const pdf = await readLetter(this.db, this.config.dataDir, id);
    if (!pdf) throw new NotFoundException('Courrier introuvable.');
    response.header('Cache-Control', 'private, no-store');
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="courrier-${id}.pdf"`, length: pdf.length });
  }

  /** generated → sent-to-mailroom: the DRS says the letter went to the mailroom (printing and posting are manual). */
  @Post(':id/mailroom')
  @Roles('drs')
  @HttpCode(200)
  async mailroom(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor | undefined): Promise<{ letterId: string; status: string }> {
    const result = await sendLetterToMailroom(this.store, id, { actor: actor?.accountId ?? 'drs', now: this.clock.now() });
    if (result === 'sent-to-mailroom') return { letterId: id, status: result };
    throw mailroomRefusals[result]();
  }

  /** sent-to-mailroom → returned: La Poste sent the letter back (wrong address); the DRS records it. */
  @Post(':id/returned')
  @Roles('drs')
  @HttpCode(200)
  async returned(@Param('id') id: string, @CurrentActor() actor: AuthenticatedActor | undefined): Promise<{ letterId: string; status: string }> {
    const result = await markLetterReturned(this.store, id, { actor: actor?.accountId ?? 'drs', now: this.clock.now() });
    if (result === 'returned') return { letterId: id, status: result };
    throw returnedRefusals[result]();
  }
}

/** Each refusal of « Retourné », as the DRS reads it. */
const returnedRefusals: Record<Exclude<Awaited<ReturnType<typeof markLetterReturned>>, 'returned'>, () => Error> = {
  'not-found': () => new NotFoundException('Courrier introuvable.'),
  'not-sent': () => new ConflictException("Le courrier n'a pas été remis au service courrier : il ne peut pas être retourné."),
  'already-returned': () => new ConflictException('Le courrier est déjà indiqué comme retourné.'),
};

/** Each refusal of the hand-over to the mailroom, as the DRS reads it (every outcome but the hand-over has one). */
const mailroomRefusals: Record<Exclude<Awaited<ReturnType<typeof sendLetterToMailroom>>, 'sent-to-mailroom'>, () => Error> = {
  'not-found': () => new NotFoundException('Courrier introuvable.'),
  'not-generated': () => new ConflictException("Le courrier n'est pas encore généré."),
  'already-sent': () => new ConflictException('Le courrier a déjà été remis au service courrier.'),
};
