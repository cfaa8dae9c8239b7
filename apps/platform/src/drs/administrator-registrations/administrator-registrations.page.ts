import { Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { holderName } from '../../shell/pages/account-view.js';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { page } from '../../shell/pages/page-context.js';
import { letterStatusLabel } from '../letter-status-labels.js';
import { PageController } from '../../shell/pages/page-controller.js';

const registrationStatuses = [
  { value: 'all', label: 'Toutes' },
  { value: 'active', label: 'Actives' },
  { value: 'letter-pending', label: 'Courrier non encore envoyé' },
  { value: 'cancelled', label: 'Annulées' },
];

/** « Inscriptions d'administrateurs »: administrators created or promoted, with their letter's state. */
@PageController('drs/inscriptions')
export class AdministratorRegistrationsPage {
  @Get()
  async registrations(@Req() req: Request, @Res() res: Response, @Query('status') status?: string, @Query('minPosition') minPosition?: string) {
    if (!allow(req, res, 'drs')) return;
    const chosen = registrationStatuses.some((s) => s.value === status) ? status! : 'all';
    const params = new URLSearchParams({ status: chosen });
    if (minPosition && /^\d+:\d+$/.test(minPosition)) params.set('minPosition', minPosition);
    const answer = await callApi(req, 'GET', `/drs/administrator-registrations?${params}`);
    if (handledFailure(req, res, answer, 'La liste')) return;
    const items = ((answer.body as { items?: any[] })?.items ?? []).map((r) => ({
      ...r,
      name: holderName(r),
      kindLabel: r.kind === 'promotion' ? 'Passage en administrateur' : 'Création',
      letterLabel: r.letter ? (letterStatusLabel(r.letter.status) ?? r.letter.status) : undefined,
      letterId: r.letter?.letterId,
    }));
    return page(req, res, 'administrator-registrations', {
      title: "Inscriptions d'administrateurs",
      statuses: registrationStatuses.map((s) => ({ ...s, selected: s.value === chosen })),
      items,
      error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste est momentanément indisponible.'),
    });
  }
}
