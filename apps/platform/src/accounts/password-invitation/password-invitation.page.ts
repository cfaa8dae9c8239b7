import { Controller, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../access/authentication/access.decorators.js';
import { PageWriteGuard } from '../../shell/pages/guards.js';
import { accountAction } from '../account-pages/account-action.js';

/** « Envoyer un nouveau courriel de création du mot de passe », from « Modifier le compte ». */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('comptes')
export class PasswordInvitationPage {
  @Post(':id/invitation')
  invite(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    return accountAction(req, res, id, 'invitation', 'Un nouveau courriel de création du mot de passe a été envoyé. Le lien précédent ne fonctionne plus.');
  }
}
