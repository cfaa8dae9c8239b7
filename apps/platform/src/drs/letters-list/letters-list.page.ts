import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

const letterStatuses = [
  { value: '', label: 'Tous' },
  { value: 'generated', label: 'Générés, à remettre au service courrier' },
  { value: 'sent-to-mailroom', label: 'Remis au service courrier' },
  { value: 'returned', label: 'Retournés' },
  { value: 'failed', label: 'En échec' },
];

/** The mailroom's two transitions, as buttons: which state offers which, and the API path it posts to. */
const transitions = {
  remise: { from: 'generated', api: 'mailroom', done: 'Le courrier {ref} est indiqué comme remis au service courrier.' },
  retour: { from: 'sent-to-mailroom', api: 'returned', done: 'Le courrier {ref} est indiqué comme retourné.' },
} as const;

/** « Courriers aux représentants légaux »: each letter's kind, administrator, employer, reference and state. */
@PageController('drs/courriers')
export class LettersListPage {
  @Get()
  async letters(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query('status') status?: string) {
    if (!allow(req, res, 'drs')) return;
    const chosen = letterStatuses.some((s) => s.value === status) ? (status ?? '') : '';
    const answer = await callApi(req, 'GET', `/letters${chosen ? `?status=${encodeURIComponent(chosen)}` : ''}`);
    if (handledFailure(req, res, answer, 'La liste')) return;
    const items = ((answer.body as { items?: any[] })?.items ?? []).map((l) => ({
      ...l,
      label: l.reference ?? 'sans référence',
      canHandOver: l.status === transitions.remise.from,
      canReturn: l.status === transitions.retour.from,
    }));
    return page(req, res, 'letters-list', {
      title: 'Courriers aux représentants légaux',
      statuses: letterStatuses.map((s) => ({ ...s, selected: s.value === chosen })),
      items,
      error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste est momentanément indisponible.'),
    });
  }

  /** « Remis au service courrier » and « Retourné »: without JavaScript, a form per letter. */
  @Post(':id/:transition')
  async transition(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string, @Param('transition') name: string) {
    if (!allow(req, res, 'drs')) return;
    const transition = transitions[name as keyof typeof transitions];
    if (!transition) return page(req, res, 'error', { title: 'Page introuvable', heading: 'Page introuvable', message: "Cette page n'existe pas.", back: '/drs/courriers' }, 404);
    const form = (req.body ?? {}) as { status?: unknown; reference?: unknown };
    const status = typeof form.status === 'string' && letterStatuses.some((s) => s.value === form.status) ? form.status : '';
    const back = `/drs/courriers${status ? `?status=${encodeURIComponent(status)}` : ''}`;
    if (!checkFormToken(req)) {
      setFlash(req, res, { kind: 'error', message: 'Votre formulaire a expiré. Recommencez.' });
      return res.redirect(back, 303);
    }
    const answer = await callApi(req, 'POST', `/letters/${encodeURIComponent(id)}/${transition.api}`);
    if (answer.status === 401 || answer.status === 403) return void handledFailure(req, res, answer, 'Le courrier');
    const reference = typeof form.reference === 'string' ? form.reference.slice(0, 40) : '';
    setFlash(
      req,
      res,
      answer.status === 200
        ? { kind: 'success', message: transition.done.replace('{ref} ', reference ? `${reference} ` : '') }
        : { kind: 'error', message: apiMessage(answer, "L'état du courrier n'a pas pu être changé.") },
    );
    return res.redirect(back, 303);
  }
}
