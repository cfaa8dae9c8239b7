import { Controller, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../access/authentication/access.decorators.js';
import { PageWriteGuard } from '../../shell/pages/guards.js';
import { accountAction } from '../account-pages/account-action.js';

/** « Débloquer le compte », from « Modifier le compte ». */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('comptes')
export class UnlockAccountPage {
  @Post(':id/deblocage')
  unlock(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    return accountAction(req, res, id, 'unlock', 'Le compte est débloqué : son titulaire peut de nouveau se connecter.');
  }
}
