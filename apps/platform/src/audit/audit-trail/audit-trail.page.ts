import { Get, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** « Audit »: finding an account and the journal as CSV (the integrity check is `integrity-verification/`). */
@PageController('audit')
export class AuditTrailPage {
  @Get()
  auditIndex(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'auditor')) return;
    return page(req, res, 'audit', { title: 'Audit' });
  }

  @Get('compte')
  async findAccount(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query('compte') value?: string) {
    if (!allow(req, res, 'auditor')) return;
    const wanted = String(value ?? '').trim();
    if (uuidPattern.test(wanted)) return res.redirect(`/audit/comptes/${wanted}`, 303);
    if (wanted) {
      const answer = await callApi(req, 'GET', `/accounts?search=${encodeURIComponent(wanted)}&status=&pageSize=20`);
      const match = ((answer.body as { items?: any[] })?.items ?? []).find((i) => String(i.identifier).toUpperCase() === wanted.toUpperCase());
      if (match) return res.redirect(`/audit/comptes/${match.accountId}`, 303);
      // Auditors do not list accounts: the audit trail names every account with its identifier.
      const trail = await callApi(req, 'GET', '/audit/trail?limit=100000');
      const line = ((trail.body as { items?: any[] })?.items ?? []).find((i) => String(i.accountIdentifier ?? '').toUpperCase() === wanted.toUpperCase() && i.accountId);
      if (line) return res.redirect(`/audit/comptes/${line.accountId}`, 303);
    }
    return page(req, res, 'audit', { title: 'Audit', error: `Aucun compte trouvé pour « ${wanted} ».` }, 404);
  }

  @Get('export/journal.csv')
  async trailCsv(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'auditor')) return;
    const answer = await callApi(req, 'GET', '/audit/trail', { accept: 'text/csv' });
    if (handledFailure(req, res, answer, 'Le journal')) return;
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', 'attachment; filename="journal-d-audit.csv"');
    // fetch's text() drops the UTF-8 byte-order mark the API wrote: put it back, or French spreadsheets garble accents.
    return res.send(withBom(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)));
  }
}

/** The CSV as the API wrote it: UTF-8 with a byte-order mark. */
export function withBom(text: string): string {
  return text.startsWith('\uFEFF') ? text : `\uFEFF${text}`;
}
