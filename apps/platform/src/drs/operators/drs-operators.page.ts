import { Get, Param, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { MAX_CONSECUTIVE_FAILED_SIGN_INS } from '@peps/domain';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { actorOf, checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

const operatorRoleLabels: Record<string, string> = { drs: 'DRS', auditor: 'Auditeur' };

/** « Opérateurs »: the DRS operators and auditors, and « Débloquer » for one locked after too many failed sign-ins. */
@PageController('drs/operateurs')
export class DrsOperatorsPage {
  @Get()
  async operators(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'drs')) return;
    const context = await this.operatorsContext(req, res);
    if (!context) return;
    return page(req, res, 'drs-operators', context);
  }

  /** « Débloquer »: another DRS operator unlocks an operator locked after too many failed sign-ins. */
  @Post(':identifier/deblocage')
  async unlockOperator(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('identifier') identifier: string) {
    if (!allow(req, res, 'drs')) return;
    const again = async (error: string, status: number) => {
      const context = await this.operatorsContext(req, res);
      if (context) page(req, res, 'drs-operators', { ...context, error }, status);
    };
    if (!checkFormToken(req)) return again('Votre formulaire a expiré. Recommencez.', 403);
    const answer = await callApi(req, 'POST', `/drs/operators/${encodeURIComponent(identifier)}/unlock`, { body: {} });
    if (answer.status >= 200 && answer.status < 300) {
      const unlocked = answer.body as { identifier?: string; displayName?: string };
      setFlash(req, res, { kind: 'success', message: `L'opérateur ${unlocked.displayName ?? ''} (${unlocked.identifier ?? identifier}) est débloqué : il peut de nouveau se connecter.` });
      return res.redirect('/drs/operateurs', 303);
    }
    if (answer.status === 401 || answer.status === 403 || answer.status >= 500) return void handledFailure(req, res, answer, "L'opérateur");
    const message = answer.status === 404 ? 'Aucun opérateur ne porte cet identifiant.' : answer.status === 409 ? "Cet opérateur n'est pas bloqué." : apiMessage(answer, "L'opérateur ne peut pas être débloqué.");
    return again(message, answer.status);
  }

  /** The list from `GET /api/drs/operators`; undefined when the answer was already handled (signed out, refused). */
  private async operatorsContext(req: FastifyRequest, res: FastifyReply): Promise<Record<string, unknown> | undefined> {
    const answer = await callApi(req, 'GET', '/drs/operators');
    if (handledFailure(req, res, answer, 'La liste')) return undefined;
    const me = actorOf(req)?.identifier;
    const items = ((answer.body as { items?: any[] })?.items ?? []).map((o) => ({
      ...o,
      locked: o.status === 'locked',
      statusLabel: o.status === 'locked' ? 'Bloqué' : 'Actif',
      rolesLabel: (Array.isArray(o.roles) ? o.roles : []).map((r: string) => operatorRoleLabels[r] ?? r).join(', '),
      isMe: o.identifier === me,
    }));
    return {
      title: 'Opérateurs',
      items,
      threshold: MAX_CONSECUTIVE_FAILED_SIGN_INS,
      error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste est momentanément indisponible.'),
    };
  }
}
