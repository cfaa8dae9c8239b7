import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { holderName } from '../../shell/pages/account-view.js';
import { apiMessage, callApi, positionOf } from '../../shell/pages/api-client.js';
import { handledFailure } from '../../shell/pages/guards.js';
import { actorOf, checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { ownAccountWarning } from './own-account-warning.js';
import { administeredAccount } from '../account-pages/account-forms.js';
import { PageController } from '../../shell/pages/page-controller.js';

/** « Supprimer le compte »: a confirmation page, then `DELETE /api/accounts/:id` and back to the list. */
@PageController('comptes')
export class DeleteAccountPage {
  @Get(':id/suppression')
  async deleteConfirm(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    const account = await administeredAccount(req, res, id);
    if (!account) return;
    return page(req, res, 'delete-account', { title: `Supprimer le compte de ${holderName(account)}`, account, holderName: holderName(account), ownWarning: ownAccountWarning(actorOf(req)?.accountId, id) });
  }

  @Post(':id/suppression')
  async delete(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    const account = await administeredAccount(req, res, id);
    if (!account) return;
    const again = (error: string, status: number) =>
      page(req, res, 'delete-account', { title: `Supprimer le compte de ${holderName(account)}`, account, holderName: holderName(account), ownWarning: ownAccountWarning(actorOf(req)?.accountId, id), error }, status);
    if (!checkFormToken(req)) return again('Votre formulaire a expiré. Recommencez.', 403);
    const answer = await callApi(req, 'DELETE', `/accounts/${encodeURIComponent(id)}`);
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, { kind: 'success', message: `Le compte de ${holderName(account)} a bien été supprimé.` });
      const position = positionOf(answer);
      return res.redirect(`/comptes${position ? `?minPosition=${position}` : ''}`, 303);
    }
    if (answer.status !== 409 && handledFailure(req, res, answer, 'Le compte')) return;
    return again(apiMessage(answer, 'Ce compte ne peut pas être supprimé.'), answer.status);
  }
}
