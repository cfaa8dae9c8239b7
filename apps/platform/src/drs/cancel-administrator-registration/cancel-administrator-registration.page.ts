import { Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../access/authentication/access.decorators.js';
import { needsStepUp, renderStepUp } from '../../access/second-factor/step-up-page/step-up.page.js';
import { holderName } from '../../shell/pages/account-view.js';
import { apiMessage, callApi, fieldErrors, positionOf } from '../../shell/pages/api-client.js';
import { PageWriteGuard, allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';

/** « Annuler l'inscription » of an administrator, with its reason (the legal representative's opposition). */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('drs/inscriptions')
export class CancelAdministratorRegistrationPage {
  @Get(':id/annulation')
  async cancelForm(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'drs')) return;
    const context = await this.cancelContext(req, id);
    if (!context) return page(req, res, 'error', { title: 'Inscription introuvable', heading: 'Inscription introuvable', message: "Cette inscription n'existe pas.", back: '/drs/inscriptions' }, 404);
    return page(req, res, 'cancel-administrator-registration', context);
  }

  @Post(':id/annulation')
  async cancel(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'drs')) return;
    const reason = String((req.body as Record<string, unknown>)?.reason ?? '').trim();
    const context = (await this.cancelContext(req, id)) ?? { title: "Annuler l'inscription", accountId: id, name: '' };
    if (!checkFormToken(req)) return page(req, res, 'cancel-administrator-registration', { ...context, reason, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!reason) return page(req, res, 'cancel-administrator-registration', { ...context, reason, errors: { reason: "Indiquez le motif de l'annulation." } }, 400);
    const answer = await callApi(req, 'POST', `/drs/administrator-registrations/${encodeURIComponent(id)}/cancellation`, { body: { reason } });
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, { kind: 'success', message: `L'inscription de ${context.name} est annulée.` });
      const position = positionOf(answer);
      return res.redirect(`/drs/inscriptions${position ? `?minPosition=${position}` : ''}`, 303);
    }
    // A sensitive action: the identity is confirmed in place, then this form (the reason typed) comes back here.
    if (needsStepUp(answer)) {
      return renderStepUp(req, res, answer, { action: `/drs/inscriptions/${encodeURIComponent(id)}/annulation`, fields: req.body, cancel: '/drs/inscriptions' });
    }
    if (answer.status === 401 || answer.status === 403) return void handledFailure(req, res, answer, "L'inscription");
    return page(
      req,
      res,
      'cancel-administrator-registration',
      { ...context, reason, errors: fieldErrors(answer.body), error: apiMessage(answer, "L'inscription ne peut pas être annulée.") },
      answer.status,
    );
  }

  private async cancelContext(req: FastifyRequest, id: string) {
    const answer = await callApi(req, 'GET', '/drs/administrator-registrations?status=all');
    const registration = ((answer.body as { items?: any[] })?.items ?? []).find((r) => r.accountId === id);
    if (!registration) return undefined;
    const name = holderName(registration);
    return {
      title: `Annuler l'inscription de ${name}`,
      accountId: id,
      name,
      consequence:
        registration.kind === 'promotion'
          ? 'Ce compte a été promu administrateur : après annulation, il redevient Utilisateur.'
          : 'Ce compte a été créé administrateur : après annulation, il est fermé et ne peut plus se connecter.',
    };
  }
}
