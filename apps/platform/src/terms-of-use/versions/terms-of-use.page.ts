import { Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { termsOfUseAllowedFrom } from '@peps/domain';
import { PLATFORM_CLOCK, type PlatformClock } from '@peps/runtime';
import { toAccountView } from '../../shell/pages/account-view.js';
import { apiMessage, callApi, fieldErrors } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { actorOf, checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import { availableFromLabel, paragraphsOf } from './terms-of-use-view.js';

/** « Conditions générales d'utilisation »: the published versions, and the establishment's acceptance by an administrator. */
@PageController('cgu')
export class TermsOfUsePage {
  constructor(@Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock) {}

  @Get()
  async cgu(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'administrator')) return;
    return page(req, res, 'terms-of-use', { title: "Conditions générales d'utilisation", ...(await this.cguContext(req)) });
  }

  /** One version's text, readable before « Valider » (and by the DRS and auditors, who may list the versions too). */
  @Get('versions/:version')
  async cguText(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, ['administrator', 'drs', 'auditor'])) return;
    const version = String((req.params as { version?: string }).version ?? '');
    const answer = await callApi(req, 'GET', `/cgu/versions/${encodeURIComponent(version)}`);
    if (handledFailure(req, res, answer, 'La version')) return;
    const text = answer.body as { version: string; publishedAt: string; text: string };
    const title = `Conditions générales d'utilisation, version ${text.version}`;
    // « /cgu » (acceptance) is the administrators' page only.
    const cgu = actorOf(req)!.roles.includes('administrator') ? { label: "Conditions générales d'utilisation", href: '/cgu' } : { label: "Conditions générales d'utilisation" };
    const breadcrumb = [{ label: 'Accueil', href: '/' }, cgu, { label: `Version ${text.version}` }];
    return page(req, res, 'terms-of-use-text', { title, breadcrumb, ...text, paragraphs: paragraphsOf(text.text), administrator: cgu.href !== undefined });
  }

  @Post()
  async acceptCgu(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'administrator')) return;
    const version = String((req.body as Record<string, unknown>)?.version ?? '').trim();
    const base = await this.cguContext(req);
    const versions = (base.versions as { version: string }[]).map((v) => ({ ...v, checked: v.version === version }));
    const context = { title: "Conditions générales d'utilisation", ...base, versions: version ? versions : base.versions };
    if (!checkFormToken(req)) return page(req, res, 'terms-of-use', { ...context, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!version) return page(req, res, 'terms-of-use', { ...context, errors: { version: 'Choisissez la version à valider.' } }, 400);
    const answer = await callApi(req, 'POST', `/cgu/versions/${encodeURIComponent(version)}/acceptance`, { body: {} });
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, { kind: 'success', message: `Les conditions générales d'utilisation (version ${version}) sont validées pour l'établissement.` });
      return res.redirect('/cgu', 303);
    }
    if (answer.status === 401) return void handledFailure(req, res, answer, 'La version');
    const errors = fieldErrors(answer.body);
    return page(req, res, 'terms-of-use', { ...context, errors, error: apiMessage(answer, 'Cette version ne peut pas être validée.') }, answer.status);
  }

  /** The published versions from `GET /api/cgu/versions` (newest first), and the date from which this administrator may accept. */
  private async cguContext(req: FastifyRequest): Promise<Record<string, unknown>> {
    const actor = actorOf(req)!;
    const context: Record<string, unknown> = {};
    const answer = await callApi(req, 'GET', '/cgu/versions');
    const list = (answer.status === 200 && Array.isArray(answer.body) ? answer.body : []) as {
      version: string;
      publishedAt: string;
      acceptedByEmployer?: boolean;
      mayAcceptFrom?: string;
    }[];
    if (answer.status !== 200) context.versionsError = apiMessage(answer, 'La liste des versions est momentanément indisponible.');
    const firstPending = list.find((v) => !v.acceptedByEmployer);
    context.versions = list.map((v) => ({ ...v, checked: v.version === firstPending?.version, textHref: `/cgu/versions/${encodeURIComponent(v.version)}` }));
    context.hasPending = firstPending !== undefined;
    let from = list.find((v) => v.mayAcceptFrom)?.mayAcceptFrom;
    if (!from && list.length === 0) {
      // No version published yet: the delay still shows, from the administrator's own account.
      const me = await callApi(req, 'GET', `/accounts/${encodeURIComponent(actor.accountId)}`);
      const since = me.status === 200 ? toAccountView(me.body, actor.accountId).administratorSince : undefined;
      if (since) from = termsOfUseAllowedFrom(since);
    }
    // Before the domain's 8-day date the button is shown disabled with that date, rather than active and then refused.
    if (from && new Date(from).getTime() > this.clock.now().getTime()) context.availableFrom = availableFromLabel(from);
    return context;
  }
}
