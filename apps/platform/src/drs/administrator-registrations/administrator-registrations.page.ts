import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
  { value: 'cancelled', label: 'Contestées (annulées)' },
];

/** Letter states whose PDF exists. */
const PDF_STATES = new Set(['generated', 'sent-to-mailroom', 'sent', 'returned']);

const normalise = (value: string): string => value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/\s+/g, ' ').trim();

/** The employer asked for by (part of) its name, or its SIRET or SIREN typed with or without spaces. */
function matchesEmployer(r: { employerName?: string; siret?: string }, search: string): boolean {
  const digits = search.replace(/\s/g, '');
  if (/^\d{3,14}$/.test(digits) && typeof r.siret === 'string') return r.siret.startsWith(digits);
  return normalise(r.employerName ?? '').includes(search);
}

/** « Inscriptions d'administrateurs »: administrators created or promoted, with their letter's state. */
@PageController('drs/inscriptions')
export class AdministratorRegistrationsPage {
  @Get()
  async registrations(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query('status') status?: string, @Query('minPosition') minPosition?: string, @Query('employer') employer?: string) {
    if (!allow(req, res, 'drs')) return;
    const chosen = registrationStatuses.some((s) => s.value === status) ? status! : 'all';
    const params = new URLSearchParams({ status: chosen });
    if (minPosition && /^\d+:\d+$/.test(minPosition)) params.set('minPosition', minPosition);
    const answer = await callApi(req, 'GET', `/drs/administrator-registrations?${params}`);
    if (handledFailure(req, res, answer, 'La liste')) return;
    const search = normalise(employer ?? '').slice(0, 200);
    const items = ((answer.body as { items?: any[] })?.items ?? []).filter((r) => !search || matchesEmployer(r, search)).map((r) => ({
      ...r,
      name: holderName(r),
      kindLabel: r.kind === 'promotion' ? 'Passage en administrateur' : 'Création',
      letterLabel: r.letter ? (letterStatusLabel(r.letter.status) ?? r.letter.status) : undefined,
      // A letter not generated (or given up) has no PDF: no link that would answer 404.
      letterId: r.letter && PDF_STATES.has(r.letter.status) ? r.letter.letterId : undefined,
    }));
    return page(req, res, 'administrator-registrations', {
      title: "Inscriptions d'administrateurs",
      statuses: registrationStatuses.map((s) => ({ ...s, selected: s.value === chosen })),
      items,
      employer: employer?.slice(0, 200) ?? '',
      error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste est momentanément indisponible.'),
    });
  }
}
