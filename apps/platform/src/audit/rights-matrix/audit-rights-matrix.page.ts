import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { levelLabels, profileLabels, type Level } from '../../shell/pages/account-view.js';
import { callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import { withBom } from '../audit-trail/audit-trail.page.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const breadcrumb = (current: string, employers?: boolean) => [
  { label: 'Audit', href: '/audit' },
  ...(employers ? [{ label: 'Établissements', href: '/audit/etablissements' }] : []),
  { label: current },
];

/**
 * The auditors' (and the DRS's) « Matrice des droits »: the establishment is chosen by its name or SIRET, never by
 * a technical id nobody is shown; the table scrolls inside a focusable region; the CSV keeps its byte-order mark.
 */
@PageController('audit/etablissements')
export class AuditRightsMatrixPage {
  @Get()
  async employers(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query('recherche') search?: string) {
    if (!allow(req, res, ['auditor', 'drs'])) return;
    const wanted = String(search ?? '').trim().slice(0, 100);
    const answer = await callApi(req, 'GET', `/audit/employers${wanted ? `?search=${encodeURIComponent(wanted)}` : ''}`);
    if (handledFailure(req, res, answer, 'Les établissements')) return;
    const employers = ((answer.body as { items?: { employerId: string; name: string; siret: string }[] })?.items ?? []).map((e) => ({
      ...e,
      href: `/audit/etablissements/${e.employerId}/matrice`,
    }));
    return page(req, res, 'audit-employers', {
      title: 'Matrice des droits : choisir un établissement',
      breadcrumb: breadcrumb('Établissements'),
      search: wanted,
      employers,
      none: wanted ? `Aucun établissement ne correspond à « ${wanted} ».` : 'Aucun établissement n’est inscrit.',
    });
  }

  @Get(':id/matrice')
  async matrix(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, ['auditor', 'drs'])) return;
    if (!uuidPattern.test(id)) return page(req, res, 'error', { title: 'Introuvable', heading: 'Établissement introuvable', message: 'Choisissez l’établissement par son nom ou son SIRET.' }, 404);
    const [answer, employers] = await Promise.all([
      callApi(req, 'GET', `/establishments/${encodeURIComponent(id)}/rights-matrix`),
      callApi(req, 'GET', '/audit/employers'),
    ]);
    if (handledFailure(req, res, answer, "L'établissement")) return;
    const employer = ((employers.body as { items?: { employerId: string; name: string; siret: string }[] })?.items ?? []).find((e) => e.employerId === id);
    const body = answer.body as { services?: { code: string; label: string }[]; accounts?: any[] };
    const services = body.services ?? [];
    const rows = (body.accounts ?? []).map((a) => ({
      name: `${a.firstName} ${a.lastName} (${a.identifier}, ${profileLabels[a.profile] ?? a.profile})`,
      levels: services.map((s) => levelLabels[(a.rights?.[s.code] ?? 'none') as Level]),
    }));
    const heading = employer ? `${employer.name} (SIRET ${employer.siret})` : 'Établissement';
    return page(req, res, 'audit-rights-matrix', {
      title: `Matrice des droits : ${heading}`,
      breadcrumb: breadcrumb('Matrice des droits', true),
      heading,
      csvHref: `/audit/etablissements/${id}/matrice.csv`,
      services,
      columns: services.length + 1,
      rows,
    });
  }

  @Get(':id/matrice.csv')
  async matrixCsv(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, ['auditor', 'drs'])) return;
    const answer = await callApi(req, 'GET', `/establishments/${encodeURIComponent(id)}/rights-matrix`, { accept: 'text/csv' });
    if (handledFailure(req, res, answer, "L'établissement")) return;
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', `attachment; filename="matrice-des-droits-${id.replace(/[^A-Za-z0-9-]/g, '')}.csv"`);
    // fetch's text() drops the byte-order mark the API wrote: French spreadsheets need it for the accents.
    return res.send(withBom(typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body as Buffer).toString('utf8')));
  }
}
