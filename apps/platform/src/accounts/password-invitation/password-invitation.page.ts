import { Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountAction } from '../account-pages/account-action.js';
import { PageController } from '../../shell/pages/page-controller.js';

/** « Envoyer un nouveau courriel de création du mot de passe », from « Modifier le compte ». */
@PageController('comptes')
export class PasswordInvitationPage {
  @Post(':id/invitation')
  invite(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    return accountAction(req, res, id, 'invitation', 'Un nouveau courriel de création du mot de passe a été envoyé. Le lien précédent ne fonctionne plus.');
  }
}
