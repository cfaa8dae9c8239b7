import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { page } from '../../shell/pages/page-context.js';
import { letterStatusLabel } from '../letter-status-labels.js';
import { PageController } from '../../shell/pages/page-controller.js';

const letterKinds: Record<string, string> = {
  'administrator-created': "Création d'un compte administrateur",
  'administrator-promoted': 'Passage en administrateur',
  'administrator-registration': "Inscription d'un administrateur",
};

/** The letters of `GET /api/letters` (all, or those of one status) on the letters page, with its headings. */
export async function lettersPage(req: Request, res: Response, status: string | undefined, context: Record<string, unknown>): Promise<void> {
  if (!allow(req, res, 'drs')) return;
  const answer = await callApi(req, 'GET', `/letters${status ? `?status=${status}` : ''}`);
  if (handledFailure(req, res, answer, 'La liste')) return;
  const items = ((answer.body as { items?: any[] })?.items ?? []).map((l) => ({
    ...l,
    kindLabel: letterKinds[l.kind] ?? (l.kind ? String(l.kind) : 'Courrier'),
    statusLabel: l.statusLabel ?? letterStatusLabel(l.status) ?? l.status,
    pdf: l.hasPdf ?? Boolean(l.pdfPath),
    recipient: typeof l.recipient === 'string' ? l.recipient : (l.recipient?.name ?? ''),
  }));
  return page(req, res, 'letters-list', { ...context, items, error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste est momentanément indisponible.') });
}

/** « Courriers aux représentants légaux ». */
@PageController('drs/courriers')
export class LettersListPage {
  @Get()
  letters(@Req() req: Request, @Res() res: Response) {
    return lettersPage(req, res, undefined, {
      title: 'Courriers aux représentants légaux',
      heading: 'Courriers aux représentants légaux',
      intro: "Les courriers d'information adressés aux représentants légaux lors de la création ou de la promotion d'un administrateur.",
      empty: 'Aucun courrier.',
    });
  }
}
