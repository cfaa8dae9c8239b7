import { Controller, Get, Inject, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { MAX_CONSECUTIVE_FAILED_SIGN_INS } from '@peps/domain';
import { Public } from '../../access/authentication/access.decorators.js';
import type { PlatformClock } from '@peps/runtime';
import { PLATFORM_CLOCK } from '@peps/runtime';
import { apiMessage, callApi, fieldErrors, positionOf } from '../../shell/pages/api-client.js';
import { holderName, levelLabels, profileLabels, statusLabels, toAccountView, toCatalogue, type Level } from '../../accounts/account-pages/account-forms.js';
import { PageWriteGuard, allow, handledFailure } from '../../shell/pages/guards.js';
import { actorOf, checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';

const CGU_DELAY_MS = 8 * 24 * 3_600_000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const registrationStatuses = [
  { value: 'all', label: 'Toutes' },
  { value: 'active', label: 'Actives' },
  { value: 'letter-pending', label: 'Courrier non encore envoyé' },
  { value: 'cancelled', label: 'Annulées' },
];

const operatorRoleLabels: Record<string, string> = { drs: 'DRS', auditor: 'Auditeur' };

const letterKinds: Record<string, string> = {
  'administrator-created': "Création d'un compte administrateur",
  'administrator-promoted': 'Passage en administrateur',
  'administrator-registration': "Inscription d'un administrateur",
};

@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller()
export class OperationsPagesController {
  constructor(@Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock) {}

  @Get('cgu')
  async cgu(@Req() req: Request, @Res() res: Response) {
    if (!allow(req, res, 'administrator')) return;
    return page(req, res, 'cgu', { title: "Conditions générales d'utilisation", ...(await this.cguContext(req)) });
  }

  @Post('cgu')
  async acceptCgu(@Req() req: Request, @Res() res: Response) {
    if (!allow(req, res, 'administrator')) return;
    const version = String((req.body as Record<string, unknown>)?.version ?? '').trim();
    const base = await this.cguContext(req);
    const versions = (base.versions as { version: string }[]).map((v) => ({ ...v, checked: v.version === version }));
    const context = { title: "Conditions générales d'utilisation", ...base, versions: version ? versions : base.versions };
    if (!checkFormToken(req)) return page(req, res, 'cgu', { ...context, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!version) return page(req, res, 'cgu', { ...context, errors: { version: 'Choisissez la version à valider.' } }, 400);
    const answer = await callApi(req, 'POST', `/cgu/versions/${encodeURIComponent(version)}/acceptance`, { body: {} });
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, { kind: 'success', message: `Les conditions générales d'utilisation (version ${version}) sont validées pour l'établissement.` });
      return res.redirect(303, '/cgu');
    }
    if (answer.status === 401) return void handledFailure(req, res, answer, 'La version');
    const errors = fieldErrors(answer.body);
    return page(req, res, 'cgu', { ...context, errors, error: apiMessage(answer, 'Cette version ne peut pas être validée.') }, answer.status);
  }

  /** The published versions from `GET /api/cgu/versions` (newest first), and the date from which this administrator may accept. */
  private async cguContext(req: Request): Promise<Record<string, unknown>> {
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
    context.versions = list.map((v) => ({ ...v, checked: v.version === firstPending?.version }));
    context.hasPending = firstPending !== undefined;
    let from = list.find((v) => v.mayAcceptFrom)?.mayAcceptFrom;
    if (!from && list.length === 0) {
      // No version published yet: the delay still shows, from the administrator's own account.
      const me = await callApi(req, 'GET', `/accounts/${encodeURIComponent(actor.accountId)}`);
      const since = me.status === 200 ? toAccountView(me.body, actor.accountId).administratorSince : undefined;
      if (since) from = new Date(new Date(since).getTime() + CGU_DELAY_MS).toISOString();
    }
    if (from && new Date(from).getTime() > this.clock.now().getTime()) context.availableFrom = from;
    return context;
  }

  @Get('drs/inscriptions')
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
    return page(req, res, 'drs-registrations', {
      title: "Inscriptions d'administrateurs",
      statuses: registrationStatuses.map((s) => ({ ...s, selected: s.value === chosen })),
      items,
      error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste est momentanément indisponible.'),
    });
  }

  @Get('drs/inscriptions/:id/annulation')
  async cancelForm(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    if (!allow(req, res, 'drs')) return;
    const context = await this.cancelContext(req, id);
    if (!context) return page(req, res, 'error', { title: 'Inscription introuvable', heading: 'Inscription introuvable', message: "Cette inscription n'existe pas.", back: '/drs/inscriptions' }, 404);
    return page(req, res, 'drs-cancel', context);
  }

  @Post('drs/inscriptions/:id/annulation')
  async cancel(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    if (!allow(req, res, 'drs')) return;
    const reason = String((req.body as Record<string, unknown>)?.reason ?? '').trim();
    const context = (await this.cancelContext(req, id)) ?? { title: "Annuler l'inscription", accountId: id, name: '' };
    if (!checkFormToken(req)) return page(req, res, 'drs-cancel', { ...context, reason, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!reason) return page(req, res, 'drs-cancel', { ...context, reason, errors: { reason: "Indiquez le motif de l'annulation." } }, 400);
    const answer = await callApi(req, 'POST', `/drs/administrator-registrations/${encodeURIComponent(id)}/cancellation`, { body: { reason } });
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, { kind: 'success', message: `L'inscription de ${context.name} est annulée.` });
      const position = positionOf(answer);
      return res.redirect(303, `/drs/inscriptions${position ? `?minPosition=${position}` : ''}`);
    }
    if (answer.status === 401 || answer.status === 403) return void handledFailure(req, res, answer, "L'inscription");
    return page(req, res, 'drs-cancel', { ...context, reason, errors: fieldErrors(answer.body), error: apiMessage(answer, "L'inscription ne peut pas être annulée.") }, answer.status);
  }

  private async cancelContext(req: Request, id: string) {
    const answer = await callApi(req, 'GET', '/drs/administrator-registrations?status=all');
    const registration = ((answer.body as { items?: any[] })?.items ?? []).find((r) => r.accountId === id);
    if (!registration) return undefined;
    const name = holderName(registration);
    return {
      title: `Annuler l'inscription de ${name}`,
      accountId: id,
      name,
      consequence:
        registration.kind === 'promotion'
          ? 'Ce compte a été promu administrateur : après annulation, il redevient Utilisateur.'
          : 'Ce compte a été créé administrateur : après annulation, il est fermé et ne peut plus se connecter.',
    };
  }

  @Get('drs/operateurs')
  async operators(@Req() req: Request, @Res() res: Response) {
    if (!allow(req, res, 'drs')) return;
    const context = await this.operatorsContext(req, res);
    if (!context) return;
    return page(req, res, 'drs-operators', context);
  }

  /** « Débloquer »: another DRS operator unlocks an operator locked after too many failed sign-ins. */
  @Post('drs/operateurs/:identifier/deblocage')
  async unlockOperator(@Req() req: Request, @Res() res: Response, @Param('identifier') identifier: string) {
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
      return res.redirect(303, '/drs/operateurs');
    }
    if (answer.status === 401 || answer.status === 403 || answer.status >= 500) return void handledFailure(req, res, answer, "L'opérateur");
    const message = answer.status === 404 ? 'Aucun opérateur ne porte cet identifiant.' : answer.status === 409 ? "Cet opérateur n'est pas bloqué." : apiMessage(answer, "L'opérateur ne peut pas être débloqué.");
    return again(message, answer.status);
  }

  /** The list from `GET /api/drs/operators`; undefined when the answer was already handled (signed out, refused). */
  private async operatorsContext(req: Request, res: Response): Promise<Record<string, unknown> | undefined> {
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

  @Get('drs/courriers')
  async letters(@Req() req: Request, @Res() res: Response) {
    return this.letterPage(req, res, undefined, {
      title: 'Courriers aux représentants légaux',
      heading: 'Courriers aux représentants légaux',
      intro: "Les courriers d'information adressés aux représentants légaux lors de la création ou de la promotion d'un administrateur.",
      empty: 'Aucun courrier.',
    });
  }

  @Get('drs/envois-en-echec')
  async failures(@Req() req: Request, @Res() res: Response) {
    return this.letterPage(req, res, 'failed', {
      title: 'Envois en échec',
      heading: 'Envois en échec',
      intro: "Les courriers dont la génération ou la remise au service courrier a échoué : ils sont retentés automatiquement ; au-delà, contactez l'établissement.",
      empty: 'Aucun envoi en échec.',
      mails: "Les courriels non distribués restent dans la file d'envoi et sont retentés automatiquement ; ils figurent dans le journal de la plateforme.",
    });
  }

  private async letterPage(req: Request, res: Response, status: string | undefined, context: Record<string, unknown>) {
    if (!allow(req, res, 'drs')) return;
    const answer = await callApi(req, 'GET', `/letters${status ? `?status=${status}` : ''}`);
    if (handledFailure(req, res, answer, 'La liste')) return;
    const items = ((answer.body as { items?: any[] })?.items ?? []).map((l) => ({
      ...l,
      kindLabel: letterKinds[l.kind] ?? (l.kind ? String(l.kind) : 'Courrier'),
      statusLabel: l.statusLabel ?? letterStatusLabel(l.status) ?? l.status,
      pdf: l.hasPdf ?? Boolean(l.pdfPath),
      recipient: typeof l.recipient === 'string' ? l.recipient : (l.recipient?.name ?? ''),
    }));
    return page(req, res, 'drs-letters', { ...context, items, error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste est momentanément indisponible.') });
  }

  @Get('audit')
  auditIndex(@Req() req: Request, @Res() res: Response) {
    if (!allow(req, res, 'auditor')) return;
    return page(req, res, 'audit-index', { title: 'Audit' });
  }

  @Get('audit/compte')
  async findAccount(@Req() req: Request, @Res() res: Response, @Query('compte') value?: string) {
    if (!allow(req, res, 'auditor')) return;
    const wanted = String(value ?? '').trim();
    if (uuidPattern.test(wanted)) return res.redirect(303, `/audit/comptes/${wanted}`);
    if (wanted) {
      const answer = await callApi(req, 'GET', `/accounts?search=${encodeURIComponent(wanted)}&status=&pageSize=20`);
      const match = ((answer.body as { items?: any[] })?.items ?? []).find((i) => String(i.identifier).toUpperCase() === wanted.toUpperCase());
      if (match) return res.redirect(303, `/audit/comptes/${match.accountId}`);
      // Auditors do not list accounts: the audit trail names every account with its identifier.
      const trail = await callApi(req, 'GET', '/audit/trail?limit=100000');
      const line = ((trail.body as { items?: any[] })?.items ?? []).find((i) => String(i.accountIdentifier ?? '').toUpperCase() === wanted.toUpperCase() && i.accountId);
      if (line) return res.redirect(303, `/audit/comptes/${line.accountId}`);
    }
    return page(req, res, 'audit-index', { title: 'Audit', error: `Aucun compte trouvé pour « ${wanted} ».` }, 404);
  }

  @Get('audit/comptes/:id')
  async auditAccount(@Req() req: Request, @Res() res: Response, @Param('id') id: string, @Query('at') at?: string) {
    if (!allow(req, res, 'auditor')) return;
    return this.history(req, res, id, true, at);
  }

  @Get('comptes/:id/historique')
  async adminHistory(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    if (!allow(req, res, ['administrator', 'auditor'])) return;
    return this.history(req, res, id, actorOf(req)!.roles.includes('auditor'));
  }

  private async history(req: Request, res: Response, id: string, canTravel: boolean, at?: string) {
    const answer = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}/history`);
    if (handledFailure(req, res, answer, 'Le compte')) return;
    const entries = ((answer.body as { entries?: any[] })?.entries ?? []) as any[];
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
    return page(req, res, 'audit-account', context);
  }

  @Get('audit/matrice')
  async matrix(@Req() req: Request, @Res() res: Response, @Query('etablissement') employerId?: string) {
    if (!allow(req, res, ['auditor', 'administrator'])) return;
    const id = String(employerId ?? actorOf(req)!.employerId ?? '').trim();
    if (!id) return page(req, res, 'audit-index', { title: 'Audit', error: 'Indiquez un établissement.' }, 400);
    const answer = await callApi(req, 'GET', `/establishments/${encodeURIComponent(id)}/rights-matrix`);
    if (handledFailure(req, res, answer, "L'établissement")) return;
    const body = answer.body as { services?: { code: string; label: string }[]; accounts?: any[] };
    const services = body.services ?? [];
    const rows = (body.accounts ?? []).map((a) => ({
      name: `${a.firstName} ${a.lastName} (${a.identifier}, ${profileLabels[a.profile] ?? a.profile})`,
      levels: services.map((s) => levelLabels[(a.rights?.[s.code] ?? 'none') as Level]),
    }));
    return page(req, res, 'audit-matrix', { title: 'Matrice des droits', employerId: id, services, rows });
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

  @Get('audit/export/journal.csv')
  async trailCsv(@Req() req: Request, @Res() res: Response) {
    if (!allow(req, res, 'auditor')) return;
    const answer = await callApi(req, 'GET', '/audit/trail', { accept: 'text/csv' });
    if (handledFailure(req, res, answer, 'Le journal')) return;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="journal-d-audit.csv"');
    return res.send(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  }

  @Get('audit/verification')
  async verify(@Req() req: Request, @Res() res: Response) {
    if (!allow(req, res, 'auditor')) return;
    const answer = await callApi(req, 'GET', '/audit/verify');
    if (handledFailure(req, res, answer, 'Le journal')) return;
    const body = answer.body as { ok?: boolean; streamsChecked?: number; eventsChecked?: number; firstBroken?: unknown };
    return page(req, res, 'audit-verify', {
      title: 'Intégrité du journal',
      ok: body.ok === true,
      message: body.ok
        ? `Le journal est intègre : ${body.eventsChecked ?? 0} événements vérifiés dans ${body.streamsChecked ?? 0} flux.`
        : `Le journal présente une rupture de chaînage : ${JSON.stringify(body.firstBroken ?? {})}.`,
    });
  }
}

function letterStatusLabel(status: string): string | undefined {
  return (
    {
      requested: 'À générer',
      generated: 'Générée',
      'sent-to-mailroom': 'Remise au service courrier',
      sent: 'Envoyée',
      failed: 'En échec',
      cancelled: 'Annulée',
    } as Record<string, string>
  )[status];
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
