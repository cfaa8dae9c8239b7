import { Get, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callApi } from '../../shell/pages/api-client.js';
import { handledFailure } from '../../shell/pages/guards.js';
import { actorOf, page, setFlash } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import type { PersonalDataReport } from './personal-data-inventory.js';

const parisDateTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long', timeStyle: 'short' });
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A datum's value as a person reads it: dates in Paris time, address lines one after the other. */
export function shownValue(value: PersonalDataReport['data'][number]['value']): string[] {
  if (value === null || value === '') return ['Non renseigné'];
  const values = Array.isArray(value) ? value : [value];
  return values.map((v) => (ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)) ? parisDateTime.format(new Date(v)) : v));
}

/** « Mon compte › Mes données » (`/mon-compte/donnees`): the holder's right of access, over `GET /api/accounts/:id/personal-data`. */
@PageController('mon-compte/donnees')
export class PersonalDataPage {
  @Get()
  async show(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const actor = actorOf(req);
    if (!actor) {
      setFlash(req, res, { kind: 'info', message: 'Connectez-vous pour accéder à cette page.' });
      return res.redirect('/', 303);
    }
    const breadcrumb = [{ label: 'Accueil', href: '/' }, { label: 'Mes données' }];
    const answer = await callApi<PersonalDataReport>(req, 'GET', `/accounts/${encodeURIComponent(actor.accountId)}/personal-data`);
    // DRS operators and auditors have no employer account: nothing of theirs is in an account's stream.
    if (answer.status === 404 || answer.status === 403) {
      return page(req, res, 'personal-data', { title: 'Mes données', breadcrumb, noAccount: true });
    }
    if (handledFailure(req, res, answer, 'Vos données')) return;
    const report = answer.body;
    return page(req, res, 'personal-data', {
      title: 'Mes données',
      breadcrumb,
      identifier: report.identifier,
      retention: report.retention,
      data: report.data.map((d) => ({ ...d, values: shownValue(d.value) })),
      signIns: report.signIns.slice(-20).reverse().map((s) => ({
        when: parisDateTime.format(new Date(s.at)),
        outcome: s.outcome === 'success' ? 'Connexion réussie' : 'Échec de connexion',
        sourceAddress: s.sourceAddress ?? 'non enregistrée',
      })),
    });
  }
}
