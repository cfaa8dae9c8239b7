import { Get, Param, Post, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiMessage, callApi, CSRF_COOKIE, type ApiAnswer } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import { needsStepUp, renderStepUp } from '../../access/second-factor/step-up-page/step-up.page.js';
import { IMPORT_MAX_BYTES, importColumnHeaders, importTemplate } from './import-csv.js';
import type { ImportReport } from './import-stream.js';

const TITLE = 'Importer des comptes';
const SESSION_COOKIES = ['peps_session', '__Host-peps_session'];

/**
 * The file as the API takes it (`text/csv`), over loopback with the caller's session and CSRF token, as `callApi`
 * does for JSON: the API stays the one place where the file and its lines are checked.
 */
async function postCsv(req: FastifyRequest, bytes: Buffer): Promise<ApiAnswer> {
  const cookies = (req.cookies ?? {}) as Record<string, string>;
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'text/csv' };
  const session = SESSION_COOKIES.filter((name) => cookies[name]).map((name) => `${name}=${cookies[name]}`);
  if (session.length > 0) headers.cookie = session.join('; ');
  if (cookies[CSRF_COOKIE]) headers['x-csrf-token'] = cookies[CSRF_COOKIE];
  if (req.ip) headers['x-forwarded-for'] = req.ip;
  const response = await fetch(`http://127.0.0.1:${req.socket.localPort}/api/accounts/imports`, { method: 'POST', headers, body: new Uint8Array(bytes), redirect: 'manual' });
  return { status: response.status, body: await response.json().catch(() => undefined), headers: response.headers };
}

const statusLabels: Record<ImportReport['status'], string> = {
  checked: 'Fichier vérifié : aucun compte n’est encore créé',
  applying: 'Création des comptes en cours',
  applied: 'Import terminé',
};

/** « Importer des comptes »: the template, the file checked line by line, then the accounts created in the background. */
@PageController('comptes/importer')
export class ImportAccountsPage {
  @Get()
  form(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'administrator')) return;
    return this.formPage(req, res);
  }

  @Get('modele.csv')
  template(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'administrator')) return;
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', 'attachment; filename="modele-import-comptes.csv"');
    res.send(importTemplate());
  }

  @Post()
  // One byte past the limit, so the API itself says the file is too large.
  @UseInterceptors(FileInterceptor('fichier', { limits: { fileSize: IMPORT_MAX_BYTES + 1, files: 1 } }))
  async check(@Req() req: FastifyRequest, @Res() res: FastifyReply, @UploadedFile() file: { buffer: Buffer } | undefined) {
    if (!allow(req, res, 'administrator')) return;
    if (!checkFormToken(req)) return this.formPage(req, res, 'Votre formulaire a expiré. Recommencez.', 403);
    if (!file || file.buffer.length === 0) return this.formPage(req, res, 'Choisissez le fichier CSV à importer.', 400);
    const answer = await postCsv(req, file.buffer);
    if (answer.status === 201) return res.redirect(`/comptes/importer/${encodeURIComponent(answer.body.id)}`, 303);
    if (handledFailure(req, res, answer, 'L’import')) return;
    const refusal = answer.body?.errors?.[0]?.message ?? apiMessage(answer, 'Le fichier n’a pas pu être vérifié.');
    return this.formPage(req, res, refusal, answer.status);
  }

  @Get(':id')
  async report(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'administrator')) return;
    const answer = await callApi<ImportReport>(req, 'GET', `/accounts/imports/${encodeURIComponent(id)}`);
    if (answer.status !== 200) {
      if (handledFailure(req, res, answer, 'L’import')) return;
      return this.formPage(req, res, apiMessage(answer, 'Cet import est introuvable.'), answer.status);
    }
    const report = answer.body;
    // The progress page refreshes itself without JavaScript while the accounts are being created.
    if (report.status === 'applying') res.header('Refresh', '5');
    return page(req, res, 'import-accounts-report', {
      title: `${TITLE} : ${statusLabels[report.status]}`,
      report,
      statusLabel: statusLabels[report.status],
      checked: report.status === 'checked',
      applying: report.status === 'applying',
      applied: report.status === 'applied',
      refused: report.total - report.valid,
      percent: report.valid === 0 ? 100 : Math.floor((report.done * 100) / report.valid),
      columns: importColumnHeaders,
    });
  }

  @Post(':id/application')
  async apply(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'administrator')) return;
    const back = `/comptes/importer/${encodeURIComponent(id)}`;
    if (!checkFormToken(req)) return res.redirect(back, 303);
    const answer = await callApi(req, 'POST', `/accounts/imports/${encodeURIComponent(id)}/application`, { body: {} });
    // Creating accounts asks for the second factor as the creation form does; the form comes back here once verified.
    if (needsStepUp(answer)) return renderStepUp(req, res, answer, { action: `${back}/application`, fields: {}, cancel: back });
    if (answer.status !== 202 && handledFailure(req, res, answer, 'L’import')) return;
    return res.redirect(back, 303);
  }

  private formPage(req: FastifyRequest, res: FastifyReply, error?: string, status = 200) {
    return page(req, res, 'import-accounts', { title: TITLE, error, columns: importColumnHeaders }, status);
  }
}
