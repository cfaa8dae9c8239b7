import { Body, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { allow } from '../../shell/pages/guards.js';
import { checkFormToken, page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import { BULK_INVITATION_LIMIT, selectedIds } from '../password-invitation/bulk-password-invitation.js';
import { renewAccounts } from './renew-accounts.js';

/**
 * « Renouveler », from the list: a row's button posts `only` (that account alone, whatever is ticked), the button
 * under the list posts the ticked `ids`. Same form as the bulk re-send, so no JavaScript is needed.
 */
@PageController('comptes')
export class RenewAccountPage {
  @Post('renouvellements')
  async renew(@Req() req: Request, @Res() res: Response, @Body() body: Record<string, unknown>) {
    if (!allow(req, res, 'administrator')) return;
    const back = typeof body.back === 'string' && /^\/comptes(\?[^\s]*)?$/.test(body.back) ? body.back : '/comptes';
    const view = (context: Record<string, unknown>, status = 200) => page(req, res, 'account-renewal', { title: 'Renouvellement des comptes', back, ...context }, status);
    if (!checkFormToken(req)) return view({ error: 'Votre formulaire a expiré. Recommencez.' }, 400);
    const only = selectedIds(body.only);
    const ids = only.length > 0 ? only.slice(0, 1) : selectedIds(body.ids);
    if (ids.length === 0) return view({ error: 'Cochez au moins un compte avant de renouveler.' }, 400);
    if (ids.length > BULK_INVITATION_LIMIT) return view({ error: `Cochez au plus ${BULK_INVITATION_LIMIT} comptes à la fois.` }, 400);
    const outcome = await renewAccounts(req, ids);
    return view({ ...outcome, renewedPlural: outcome.renewed > 1, refusedCount: outcome.refused.length, refusedPlural: outcome.refused.length > 1 });
  }
}
