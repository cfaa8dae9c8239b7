import { Controller, Get, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../access/authentication/access.decorators.js';
import { PageWriteGuard } from '../../shell/pages/guards.js';
import { page } from '../../shell/pages/page-context.js';

/** « Inscrire un établissement »: how an establishment gets registered by the DRS (information only). */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('inscrire-un-etablissement')
export class RegisterEstablishmentPage {
  @Get()
  register(@Req() req: Request, @Res() res: Response) {
    return page(req, res, 'register-establishment', { title: 'Inscrire un établissement', breadcrumb: [{ label: 'Se connecter', href: '/' }, { label: 'Inscrire un établissement' }] });
  }
}
