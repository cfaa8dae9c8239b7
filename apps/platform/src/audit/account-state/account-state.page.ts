import { Get, Inject, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PLATFORM_CLOCK, type PlatformClock } from '@peps/runtime';
import { holderName, levelLabels, profileLabels, statusLabels, toAccountView, toCatalogue, type Level } from '../../shell/pages/account-view.js';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { actorOf, page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';
import { actorLabel } from '../../accounts/account-history/history-actor.js';

/**
 * « Historique du compte »: its history for its administrators and auditors and, for auditors, the account as it
 * was at a chosen instant (Paris time).
 */
@PageController()
export class AccountStatePage {
  constructor(@Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock) {}

  @Get('audit/comptes/:id')
  async auditAccount(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string, @Query('at') at?: string) {
    if (!allow(req, res, 'auditor')) return;
    return this.history(req, res, id, true, at);
  }

  @Get('comptes/:id/historique')
  async adminHistory(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, ['administrator', 'auditor'])) return;
    return this.history(req, res, id, actorOf(req)!.roles.includes('auditor'));
  }

  private async history(req: FastifyRequest, res: FastifyReply, id: string, canTravel: boolean, at?: string) {
    const answer = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}/history`);
    if (handledFailure(req, res, answer, 'Le compte')) return;
    // The API names every author (kind, name, identifier): the page shows it as a sentence, never an id.
    const entries = (((answer.body as { entries?: any[] })?.entries ?? []) as any[]).map((e) => ({ ...e, actorText: actorLabel(e.actor) }));
    const context: Record<string, unknown> = {
      title: 'Historique du compte',
      accountId: id,
      entries,
      canTravel,
      back: canTravel ? '/audit' : `/comptes/${id}`,
      backLabel: canTravel ? 'Audit' : 'Retour au compte',
      identifier: '',
    };
    const created = entries.find((e) => e.type === 'account.created');
    const catalogueAnswer = await callApi(req, 'GET', '/services');
    const catalogue = toCatalogue(catalogueAnswer.status === 200 ? catalogueAnswer.body : undefined);
    if (canTravel && at) {
      const instant = parseInstant(at);
      if (!instant) context.snapshotError = 'La date et l’heure ne sont pas valides.';
      else {
        context.atValue = toParisLocal(instant);
        const state = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}/state?at=${encodeURIComponent(instant.toISOString())}`);
        if (state.status === 200) {
          const snapshot = state.body as any;
          const view = toAccountView(snapshot, id);
          context.identifier = view.identifier;
          context.snapshot = { ...snapshot, asOf: snapshot.asOf ?? instant.toISOString() };
          context.snapshotRows = [
            { label: 'Titulaire', value: holderName(view) },
            { label: 'Profil', value: profileLabels[view.profile] ?? view.profile },
            { label: 'Statut', value: statusLabels[view.status] ?? view.status },
            { label: 'Courriel', value: view.email },
            { label: 'Téléphone', value: view.phone || '—' },
            { label: 'Adresse professionnelle', value: view.professionalAddress.join(', ') || '—' },
          ];
          context.snapshotRights = catalogue.families.flatMap((f) =>
            f.services.map((s) => {
              const level = (view.rights[s.code] ?? 'none') as Level;
              return { label: s.label, level, levelLabel: levelLabels[level] };
            }),
          );
        } else if (state.status === 404) context.snapshotError = "À cette date, le compte n'existait pas encore.";
        else context.snapshotError = apiMessage(state, 'L’état du compte à cette date est indisponible.');
      }
    } else if (canTravel) {
      context.atValue = toParisLocal(this.clock.now());
    }
    if (!context.identifier) {
      const identifierChange = created?.changes?.find((c: any) => c.field === 'identifier');
      context.identifier = identifierChange?.to ?? (created?.summary?.match(/[A-Z]{3}\d{6}/)?.[0] ?? '');
    }
    return page(req, res, 'account-state', context);
  }
}

/** `datetime-local` values are Paris wall-clock time; ISO instants pass through. */
function parseInstant(value: string): Date | undefined {
  if (/[zZ]|[+-]\d{2}:\d{2}$/.test(value)) {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(value);
  if (!m) return undefined;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  // Paris offset at that moment (CET/CEST).
  const offset = parisOffsetMinutes(new Date(asUtc));
  return new Date(asUtc - offset * 60_000);
}

function parisOffsetMinutes(at: Date): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((local - at.getTime()) / 60_000);
}

function toParisLocal(at: Date): string {
  const local = new Date(at.getTime() + parisOffsetMinutes(at) * 60_000);
  return local.toISOString().slice(0, 19);
}
