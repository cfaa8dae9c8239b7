import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiMessage, callApi, fieldErrors } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import { formText, representativeBody, representativeInputOfApi, representativeView, REPRESENTATIVE_INPUTS } from '../legal-representative-form.js';

interface Current {
  name: string;
  siret: string;
  legalRepresentative: { civility: string; lastName: string; firstName: string; function?: string; address: string[] };
}

const valuesOf = (body: Record<string, unknown>) =>
  Object.fromEntries(REPRESENTATIVE_INPUTS.map((k) => [k, formText(body[k], k === 'address' ? 1000 : 300)])) as Record<string, string>;

const valuesFrom = (current: Current): Record<string, string> => {
  const r = current.legalRepresentative;
  return { repCivility: r.civility, repLastName: r.lastName, repFirstName: r.firstName, repFunction: r.function ?? '', address: r.address.join('\n') };
};

/**
 * « Corriger le destinataire des courriers » (DRS): a letter failed (an address outside the norm) or came back; once
 * the representative or the address is corrected, the employer's letters given up are sent again with it.
 */
@PageController('drs/etablissements')
export class CorrectLegalRepresentativePage {
  @Get(':id/representant-legal')
  async form(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    const current = await this.current(req, res, id);
    if (current) return this.render(req, res, id, current, valuesFrom(current));
  }

  @Post(':id/representant-legal')
  async correct(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    const current = await this.current(req, res, id);
    if (!current) return;
    const values = valuesOf((req.body ?? {}) as Record<string, unknown>);
    if (!checkFormToken(req)) return this.render(req, res, id, current, values, { error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    const answer = await callApi(req, 'PUT', `/establishments/${encodeURIComponent(id)}/legal-representative`, { body: representativeBody(values) });
    if (answer.status === 200) {
      const retried = await this.retryFailedLetters(req, id);
      const letters = retried === 0 ? 'Aucun courrier en échec à relancer.' : `${retried} courrier${retried > 1 ? 's' : ''} en échec relancé${retried > 1 ? 's' : ''} avec ce destinataire.`;
      setFlash(req, res, { kind: 'success', message: `Le destinataire des courriers de ${current.name} est corrigé. ${letters}` });
      return res.redirect('/drs/envois-en-echec', 303);
    }
    if (answer.status === 401 || answer.status === 403) return void handledFailure(req, res, answer, "L'établissement");
    const errors: Record<string, string> = {};
    for (const [field, message] of Object.entries(fieldErrors(answer.body))) {
      const input = representativeInputOfApi[field] ?? 'address';
      if (!errors[input]) errors[input] = message;
    }
    const error = apiMessage(answer, "Le destinataire n'a pas pu être corrigé.");
    return this.render(req, res, id, current, values, { errors, error }, answer.status >= 400 && answer.status < 500 ? answer.status : 502);
  }

  /** The DRS only, and an employer that exists: its name and recipient as they stand; undefined once answered. */
  private async current(req: FastifyRequest, res: FastifyReply, id: string): Promise<Current | undefined> {
    if (!allow(req, res, 'drs')) return undefined;
    const answer = await callApi(req, 'GET', `/establishments/${encodeURIComponent(id)}/legal-representative`);
    return handledFailure(req, res, answer, "L'établissement") ? undefined : (answer.body as Current);
  }

  /** The employer's letters given up go again: the letter manager reads the corrected recipient when it writes them. */
  private async retryFailedLetters(req: FastifyRequest, employerId: string): Promise<number> {
    const failed = await callApi(req, 'GET', `/letters?status=failed&employerId=${encodeURIComponent(employerId)}`);
    const items = ((failed.body as { items?: { letterId: string }[] } | undefined)?.items ?? []).filter((l) => typeof l.letterId === 'string');
    const answers = await Promise.all(items.map((l) => callApi(req, 'POST', `/drs/deliveries/${encodeURIComponent(l.letterId)}/retry`)));
    return answers.filter((a) => a.status === 202).length;
  }

  private render(req: FastifyRequest, res: FastifyReply, id: string, current: Current, values: Record<string, string>, extra: Record<string, unknown> = {}, status = 200) {
    return page(
      req,
      res,
      'correct-legal-representative',
      {
        title: `${extra.errors ? 'Erreur — ' : ''}Corriger le destinataire des courriers — ${current.name}`,
        action: `/drs/etablissements/${encodeURIComponent(id)}/representant-legal`,
        employer: { name: current.name, siret: current.siret },
        values,
        ...representativeView(values),
        ...extra,
      },
      status,
    );
  }
}
