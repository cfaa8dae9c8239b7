import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

/** « Inscrire un établissement »: how an establishment gets registered by the DRS (information only). */
@PageController('inscrire-un-etablissement')
export class RegisterEstablishmentPage {
  @Get()
  register(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const actor = actorOf(req);
    // The DRS registers establishments itself: it gets the form, not the public explanation.
    if (actor?.roles.includes('drs')) return res.redirect('/drs/etablissements/nouveau', 303);
    if (actor) return page(req, res, 'register-establishment', { title: 'Inscrire un établissement', signedIn: true, breadcrumb: [{ label: 'Accueil', href: '/' }, { label: 'Inscrire un établissement' }] });
    return page(req, res, 'register-establishment', { title: 'Inscrire un établissement', breadcrumb: [{ label: 'Se connecter', href: '/' }, { label: 'Inscrire un établissement' }] });
  }
}
