import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

/** « Inscrire un établissement »: how an establishment gets registered by the DRS (information only). */
@PageController('inscrire-un-etablissement')
export class RegisterEstablishmentPage {
  @Get()
  register(@Req() req: Request, @Res() res: Response) {
    return page(req, res, 'register-establishment', { title: 'Inscrire un établissement', breadcrumb: [{ label: 'Se connecter', href: '/' }, { label: 'Inscrire un établissement' }] });
  }
}
