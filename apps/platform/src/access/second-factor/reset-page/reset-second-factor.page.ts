import { Controller, Get, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { holderName, toAccountView, type AccountView } from '../../../shell/pages/account-view.js';
import { apiMessage, callApi } from '../../../shell/pages/api-client.js';
import { PageWriteGuard, allow, handledFailure } from '../../../shell/pages/guards.js';
import { actorOf, checkFormToken, page, setFlash } from '../../../shell/pages/page-context.js';
import { Public } from '../../authentication/access.decorators.js';
import { needsStepUp, renderStepUp } from '../step-up-page/step-up.page.js';
import { requestPath } from '../../../shell/http/request-path.js';

/**
 * « Réinitialiser la double authentification » of an account: its authenticator application, recovery codes,
 * passkeys and trusted workstations go (the holder is told by e-mail). An administrator of the employer confirms it
 * from the account's page, the DRS for an administrator from « Inscriptions d'administrateurs »; the API (the
 * domain) decides who may.
 */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('comptes')
export class ResetSecondFactorPage {
  @Get(':id/double-authentification/reinitialisation')
  async confirm(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, ['administrator', 'drs'])) return;
    const account = await this.load(req, res, id);
    if (!account) return;
    return this.render(req, res, account);
  }

  @Post(':id/double-authentification/reinitialisation')
  async reset(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, ['administrator', 'drs'])) return;
    const account = await this.load(req, res, id);
    if (!account) return;
    if (!checkFormToken(req)) return this.render(req, res, account, 'Votre formulaire a expiré. Recommencez.', 403);
    const answer = await callApi(req, 'POST', `/accounts/${encodeURIComponent(id)}/second-factor/reset`, { body: {} });
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, {
        kind: 'success',
        message: `La double authentification de ${holderName(account)} a été réinitialisée. Ses postes de confiance sont révoqués ; un courriel l'en informe.`,
      });
      return res.redirect(backOf(req, account), 303);
    }
    if (needsStepUp(answer)) return renderStepUp(req, res, answer, { action: requestPath(req), fields: req.body, cancel: backOf(req, account) });
    if (answer.status !== 409 && answer.status !== 400 && handledFailure(req, res, answer, 'Le compte')) return;
    return this.render(req, res, account, apiMessage(answer, 'La double authentification de ce compte ne peut pas être réinitialisée.'), answer.status);
  }

  private async load(req: FastifyRequest, res: FastifyReply, id: string): Promise<AccountView | undefined> {
    const answer = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}`);
    if (answer.status === 200) return toAccountView(answer.body, id);
    if (!handledFailure(req, res, answer, 'Le compte')) {
      page(req, res, 'error', { title: 'Compte indisponible', heading: 'Compte indisponible', message: apiMessage(answer, 'Ce compte ne peut pas être affiché.') }, answer.status);
    }
    return undefined;
  }

  private render(req: FastifyRequest, res: FastifyReply, account: AccountView, error?: string, status = 200) {
    const name = holderName(account);
    return page(
      req,
      res,
      'reset-second-factor',
      { title: `${error ? 'Erreur — ' : ''}Réinitialiser la double authentification de ${name}`, account, holderName: name, back: backOf(req, account), backLabel: actorOf(req)?.roles.includes('administrator') ? 'Retour au compte' : "Inscriptions d'administrateurs", error },
      status,
    );
  }
}

/** An administrator comes from the account's page; the DRS from the administrators' registrations. */
function backOf(req: FastifyRequest, account: AccountView): string {
  return actorOf(req)?.roles.includes('administrator') ? `/comptes/${encodeURIComponent(account.accountId)}` : '/drs/inscriptions';
}
