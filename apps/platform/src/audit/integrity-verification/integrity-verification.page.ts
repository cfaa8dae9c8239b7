import { Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorLabel } from '../../accounts/account-history/history-actor.js';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import type { IntegrityVerification } from './integrity-verifications.js';

/** Seconds between two loads of a running verification's page. */
export const REFRESH_SECONDS = 2;

const count = (n: number): string => n.toLocaleString('fr-FR');

const reasons: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^hash mismatch/, () => 'empreinte différente : contenu ou chaînage modifié'],
  [/^stream head does not match/, () => 'la tête du flux ne correspond pas à son dernier événement (événement supprimé ?)'],
  [/^version gap after (\d+)/, (m) => `version manquante après la version ${m[1]}`],
  [/^stream has no event left/, () => 'le flux n’a plus aucun événement'],
  [/^event without the adapter envelope/, () => 'événement sans l’enveloppe de la plateforme (écrit en la contournant ?)'],
  [/^previous hash does not match/, () => 'l’empreinte précédente ne correspond pas à l’événement précédent'],
];

/** The store's reason for a broken link, in French (as it is when unknown). */
export function reasonInFrench(reason: string): string {
  for (const [pattern, french] of reasons) {
    const match = pattern.exec(reason);
    if (match) return french(match);
  }
  return reason;
}

const statusLabels: Record<IntegrityVerification['status'], string> = {
  running: 'en cours',
  done: 'terminée',
  interrupted: 'interrompue',
};

function progressText(v: IntegrityVerification): string {
  const checked = `${count(v.eventsChecked)} événement${v.eventsChecked > 1 ? 's' : ''} vérifié${v.eventsChecked > 1 ? 's' : ''}`;
  return v.totalEvents === null ? checked : `${checked} sur environ ${count(v.totalEvents)}`;
}

function resultText(v: IntegrityVerification): string | undefined {
  if (v.status === 'interrupted') {
    return `La vérification s’est arrêtée avant la fin (arrêt ou redémarrage de la plateforme) après ${progressText(v)} : son résultat n’est pas connu. Relancez-la.`;
  }
  if (v.status !== 'done') return undefined;
  if (v.ok) return 'Chaîne d’intégrité intacte';
  const broken = v.firstBroken;
  return broken ? `Chaîne rompue : flux ${broken.stream}, version ${broken.version} (${reasonInFrench(broken.reason)})` : 'Chaîne rompue';
}

/** What the pages show of a verification. */
function view(v: IntegrityVerification) {
  return {
    ...v,
    statusLabel: statusLabels[v.status],
    running: v.status === 'running',
    done: v.status === 'done',
    interrupted: v.status === 'interrupted',
    requester: actorLabel(v.requestedBy),
    progressMax: Math.max(v.totalEvents ?? 0, v.eventsChecked, 1),
    progressText: progressText(v),
    streamsText: count(v.streamsChecked),
    summary: v.status === 'done' ? `${count(v.eventsChecked)} événements vérifiés dans ${count(v.streamsChecked)} flux.` : undefined,
    result: resultText(v),
  };
}

/**
 * « Vérifier l'intégrité du journal »: the button starts the background job (or joins the one running) and leads
 * to its page, which reloads itself every 2 s without JavaScript while it runs, then shows the result.
 */
@PageController('audit')
export class IntegrityVerificationPage {
  @Get('verification')
  async list(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'auditor')) return;
    const answer = await callApi<{ items: IntegrityVerification[] }>(req, 'GET', '/audit/verifications');
    if (handledFailure(req, res, answer, 'La liste des vérifications')) return;
    return page(req, res, 'integrity-verifications', { title: 'Intégrité du journal', items: (answer.body.items ?? []).map(view) });
  }

  @Post('verification')
  async start(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'auditor')) return;
    if (!checkFormToken(req)) {
      setFlash(req, res, { kind: 'error', message: 'Votre formulaire a expiré. Recommencez.' });
      return res.redirect('/audit/verification', 303);
    }
    const answer = await callApi<IntegrityVerification>(req, 'POST', '/audit/verifications', { body: {} });
    if (answer.status === 202) return res.redirect(`/audit/verifications/${encodeURIComponent(answer.body.id)}`, 303);
    if (handledFailure(req, res, answer, 'La vérification')) return;
    setFlash(req, res, { kind: 'error', message: apiMessage(answer, 'La vérification n’a pas pu être lancée.') });
    return res.redirect('/audit/verification', 303);
  }

  @Get('verifications/:id')
  async show(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string, @Query('actualisation') refreshing?: string) {
    if (!allow(req, res, 'auditor')) return;
    const answer = await callApi<IntegrityVerification>(req, 'GET', `/audit/verifications/${encodeURIComponent(id)}`);
    if (handledFailure(req, res, answer, 'La vérification')) return;
    const verification = view(answer.body);
    const paused = refreshing === 'non';
    const context = {
      title: `Vérification de l’intégrité ${verification.statusLabel}`,
      v: verification,
      refreshing: verification.running && !paused,
      paused: verification.running && paused,
      refreshSeconds: REFRESH_SECONDS,
    };
    // The layout's <meta http-equiv="refresh">, only while the job runs (and not once the auditor paused it).
    return page(req, res, 'integrity-verification', context.refreshing ? { ...context, autoRefreshSeconds: REFRESH_SECONDS } : context);
  }
}
