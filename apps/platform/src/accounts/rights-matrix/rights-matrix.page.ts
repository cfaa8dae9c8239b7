import { Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { levelLabels, profileLabels, type Level } from '../../shell/pages/account-view.js';
import { callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { actorOf, page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

/** « Matrice des droits » of an establishment, on screen and as CSV, for auditors and the establishment's administrators. */
@PageController()
export class RightsMatrixPage {
  @Get('audit/matrice')
  async matrix(@Req() req: Request, @Res() res: Response, @Query('etablissement') employerId?: string) {
    if (!allow(req, res, ['auditor', 'administrator'])) return;
    const id = String(employerId ?? actorOf(req)!.employerId ?? '').trim();
    if (!id) return page(req, res, 'audit', { title: 'Audit', error: 'Indiquez un établissement.' }, 400);
    const answer = await callApi(req, 'GET', `/establishments/${encodeURIComponent(id)}/rights-matrix`);
    if (handledFailure(req, res, answer, "L'établissement")) return;
    const body = answer.body as { services?: { code: string; label: string }[]; accounts?: any[] };
    const services = body.services ?? [];
    const rows = (body.accounts ?? []).map((a) => ({
      name: `${a.firstName} ${a.lastName} (${a.identifier}, ${profileLabels[a.profile] ?? a.profile})`,
      levels: services.map((s) => levelLabels[(a.rights?.[s.code] ?? 'none') as Level]),
    }));
    return page(req, res, 'rights-matrix', { title: 'Matrice des droits', employerId: id, services, rows });
  }

  @Get('audit/export/matrice/:employer')
  async matrixCsv(@Req() req: Request, @Res() res: Response, @Param('employer') employer: string) {
    if (!allow(req, res, ['auditor', 'administrator'])) return;
    const id = employer.replace(/\.csv$/, '');
    const answer = await callApi(req, 'GET', `/establishments/${encodeURIComponent(id)}/rights-matrix`, { accept: 'text/csv' });
    if (handledFailure(req, res, answer, "L'établissement")) return;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="matrice-des-droits-${id.replace(/[^A-Za-z0-9-]/g, '')}.csv"`);
    return res.send(typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body as Buffer));
  }
}
