import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

/** « Envois en échec »: mails and letters given up, with their reason in French and « Relancer ». */
@PageController('drs/envois-en-echec')
export class DeliveryFailuresPage {
  @Get()
  async failures(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'drs')) return;
    const [answer, letters] = await Promise.all([callApi(req, 'GET', '/drs/deliveries?status=failed'), callApi(req, 'GET', '/letters?status=failed')]);
    if (handledFailure(req, res, answer, 'La liste')) return;
    // A letter's effect id is its letter id: the letters list names its employer, administrator and reference.
    const letterById = new Map<string, any>(((letters.body as { items?: any[] })?.items ?? []).map((l) => [l.letterId, l]));
    const items = ((answer.body as { items?: any[] })?.items ?? []).map((d) => {
      const letter = letterById.get(d.effectId);
      const recipient = d.recipient ?? (letter?.employer ? `Représentant légal de ${letter.employer.name}` : letter ? 'Représentant légal' : null);
      return { ...d, recipient, reference: letter?.reference ?? null, administrator: letter?.administrator ?? null, employer: letter?.employer ?? null };
    });
    return page(req, res, 'delivery-failures', {
      title: 'Envois en échec',
      items,
      error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste est momentanément indisponible.'),
    });
  }

  /** « Relancer »: `POST /api/drs/deliveries/:id/retry`, once the cause (an address, the mail server) is fixed. */
  @Post(':id/relance')
  async retry(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'drs')) return;
    if (!checkFormToken(req)) {
      setFlash(req, res, { kind: 'error', message: 'Votre formulaire a expiré. Recommencez.' });
      return res.redirect('/drs/envois-en-echec', 303);
    }
    const answer = await callApi(req, 'POST', `/drs/deliveries/${encodeURIComponent(id)}/retry`);
    if (answer.status === 401 || answer.status === 403) return void handledFailure(req, res, answer, "L'envoi");
    setFlash(
      req,
      res,
      answer.status === 202
        ? { kind: 'success', message: "L'envoi est relancé : il sera retenté dans quelques instants." }
        : { kind: 'error', message: apiMessage(answer, "L'envoi n'a pas pu être relancé.") },
    );
    return res.redirect('/drs/envois-en-echec', 303);
  }
}
