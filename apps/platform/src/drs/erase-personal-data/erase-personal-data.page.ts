import { Get, Param, Post, Req, Res } from '@nestjs/common';
import { ERASED_VALUE, ERASURE_REASON_MAX_LENGTH } from '@peps/domain';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { needsStepUp, renderStepUp } from '../../access/second-factor/step-up-page/step-up.page.js';
import { holderName, statusLabels, toAccountView, type AccountView } from '../../shell/pages/account-view.js';
import { apiMessage, callApi, fieldErrors } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

const erased = (account: AccountView) => account.lastName === ERASED_VALUE || account.email === ERASED_VALUE;
const accountPath = (id: string) => `/drs/comptes/${encodeURIComponent(id)}`;

/**
 * The DRS's view of one account, with « Effacer les données personnelles » for a closed account, its confirmation
 * with the reason, and the result page.
 */
@PageController('drs/comptes')
export class ErasePersonalDataPage {
  @Get(':id')
  async view(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'drs')) return;
    const account = await this.load(req, res, id);
    if (!account) return;
    return page(req, res, 'drs-account', this.summary(account));
  }

  @Get(':id/effacement')
  async confirm(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'drs')) return;
    const account = await this.load(req, res, id);
    if (!account) return;
    return this.form(req, res, account, {});
  }

  @Post(':id/effacement')
  async erase(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'drs')) return;
    const account = await this.load(req, res, id);
    if (!account) return;
    const reason = String((req.body as Record<string, unknown>)?.reason ?? '').trim();
    if (!checkFormToken(req)) return this.form(req, res, account, { reason, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!reason) return this.form(req, res, account, { reason, errors: { reason: "Indiquez le motif de l'effacement." } }, 400);
    const answer = await callApi(req, 'POST', `/drs/accounts/${encodeURIComponent(id)}/erasure`, { body: { reason } });
    if (answer.status >= 200 && answer.status < 300) {
      return page(req, res, 'erase-personal-data-done', {
        title: 'Données personnelles effacées',
        identifier: account.identifier,
        accountHref: accountPath(id),
      });
    }
    // A sensitive action: the identity is confirmed in place, then this form (the reason typed) comes back here.
    if (needsStepUp(answer)) return renderStepUp(req, res, answer, { action: `${accountPath(id)}/effacement`, fields: req.body, cancel: accountPath(id) });
    if (answer.status === 401 || answer.status === 403) return void handledFailure(req, res, answer, 'Le compte');
    return this.form(
      req,
      res,
      account,
      { reason, errors: fieldErrors(answer.body), error: apiMessage(answer, 'Les données personnelles de ce compte ne peuvent pas être effacées.') },
      answer.status,
    );
  }

  private form(req: FastifyRequest, res: FastifyReply, account: AccountView, context: Record<string, unknown>, status = 200) {
    return page(req, res, 'erase-personal-data', { ...this.summary(account), title: `Effacer les données personnelles du compte ${account.identifier}`, reasonMax: ERASURE_REASON_MAX_LENGTH, ...context }, status);
  }

  private summary(account: AccountView) {
    const closed = account.status === 'closed';
    return {
      title: `Compte ${account.identifier}`,
      accountId: account.accountId,
      identifier: account.identifier,
      name: holderName(account),
      email: account.email,
      statusLabel: statusLabels[account.status] ?? account.status,
      erased: erased(account),
      // Only a closed account's data may go: an open account still needs them.
      erasable: closed && !erased(account),
      closed,
      accountHref: accountPath(account.accountId),
    };
  }

  private async load(req: FastifyRequest, res: FastifyReply, id: string): Promise<AccountView | undefined> {
    const answer = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}`);
    if (answer.status === 200) return toAccountView(answer.body, id);
    if (!handledFailure(req, res, answer, 'Le compte')) {
      page(req, res, 'error', { title: 'Compte introuvable', heading: 'Compte introuvable', message: apiMessage(answer, "Ce compte n'existe pas."), back: '/comptes' }, answer.status === 404 ? 404 : answer.status);
    }
    return undefined;
  }
}
