import { Get, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { lettersPage } from '../letters-list/letters-list.page.js';
import { PageController } from '../../shell/pages/page-controller.js';

/** « Envois en échec »: the letters page, on the failed ones. */
@PageController('drs/envois-en-echec')
export class DeliveryFailuresPage {
  @Get()
  failures(@Req() req: Request, @Res() res: Response) {
    return lettersPage(req, res, 'failed', {
      title: 'Envois en échec',
      heading: 'Envois en échec',
      intro: "Les courriers dont la génération ou la remise au service courrier a échoué : ils sont retentés automatiquement ; au-delà, contactez l'établissement.",
      empty: 'Aucun envoi en échec.',
      mails: "Les courriels non distribués restent dans la file d'envoi et sont retentés automatiquement ; ils figurent dans le journal de la plateforme.",
    });
  }
}
