import { Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountAction } from '../account-pages/account-action.js';
import { PageController } from '../../shell/pages/page-controller.js';

/** « Débloquer le compte », from « Modifier le compte ». */
@PageController('comptes')
export class UnlockAccountPage {
  @Post(':id/deblocage')
  unlock(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    return accountAction(req, res, id, 'unlock', 'Le compte est débloqué : son titulaire peut de nouveau se connecter.');
  }
}
