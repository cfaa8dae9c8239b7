import { Body, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PageController } from '../../shell/pages/page-controller.js';
import { bulkActionPage } from '../account-pages/bulk-action-page.js';
import { designatedAccounts, renewAccounts } from './renew-accounts.js';

/**
 * « Renouveler », from the list: a row's button posts `only` (that account alone, whatever is ticked), the button
 * under the list posts the ticked `ids`. Same form as the bulk re-send, so no JavaScript is needed.
 */
@PageController('comptes')
export class RenewAccountPage {
  @Post('renouvellements')
  async renew(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Body() body: Record<string, unknown>) {
    return bulkActionPage(req, res, body, {
      template: 'account-renewal',
      title: 'Renouvellement des comptes',
      noneSelected: 'Cochez au moins un compte avant de renouveler.',
      select: designatedAccounts,
      run: renewAccounts,
      counted: 'renewed',
    });
  }
}
