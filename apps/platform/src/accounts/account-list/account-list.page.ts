import { Body, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CSV_BOM } from '@peps/read-store';
import { civilityShort, profileLabels, statusLabels } from '../../shell/pages/account-view.js';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { actorOf, page } from '../../shell/pages/page-context.js';
import { resendInvitations, selectedIds } from '../password-invitation/bulk-password-invitation.js';
import { bulkActionPage } from '../account-pages/bulk-action-page.js';
import { PageController } from '../../shell/pages/page-controller.js';
import { ModuleRef } from '@nestjs/core';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { knownEmployerName, rememberEmployerName } from '../../shell/pages/employer-name.js';
import { clampPage, pageCountOf, pageSizeOf, pageSizes, pageWindow } from './account-list-paging.js';

/** The sortable columns' headers, by sort key, in the list's order. */
const sortableColumns: Record<string, string> = {
  name: 'Nom',
  identifier: 'Identifiant',
  profile: 'Profil',
  status: 'Statut',
  lastSignInAt: 'Dernière connexion',
};

/** « Gestion des comptes »: search, filters, sorting, numbered pages and CSV export over `GET /api/accounts`. */
@PageController('comptes')
export class AccountListPage {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** The DRS reads employers by name: names never change once registered, so the process cache answers most. */
  private async employerNames(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const id of new Set(ids)) {
      let name = knownEmployerName(id);
      if (!name) {
        try {
          name = (await this.moduleRef.get(WriteSide, { strict: false }).loadEmployer(id)).state?.name;
          if (name) rememberEmployerName(id, name);
        } catch {
          // The column falls back to the id rather than fail the list.
        }
      }
      if (name) names.set(id, name);
    }
    return names;
  }

  /** « Exporter (CSV) »: a link cannot set `Accept`, so the page asks the API for CSV with the same filters. */
  @Get('export.csv')
  async exportCsv(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query() query: Record<string, string>) {
    if (!allow(req, res, ['administrator', 'drs'])) return;
    const params = new URLSearchParams();
    for (const key of ['search', 'profile', 'status', 'expiring', 'employerId', 'sort', 'order']) {
      if (typeof query[key] === 'string' && query[key]) params.set(key, query[key].slice(0, 100));
    }
    const answer = await callApi(req, 'GET', `/accounts?${params}`, { accept: 'text/csv' });
    if (handledFailure(req, res, answer, 'La liste des comptes')) return;
    if (answer.status !== 200 || typeof answer.body !== 'string') {
      return page(req, res, 'account-list', { title: 'Gestion des comptes', error: apiMessage(answer, 'L’export n’a pas pu être produit.'), items: [], total: 0 });
    }
    // fetch's text() drops the byte-order mark that French spreadsheets need to read UTF-8.
    const csv = answer.body.startsWith(CSV_BOM) ? answer.body : CSV_BOM + answer.body;
    res.header('Content-Type', 'text/csv; charset=utf-8');
    res.header('Content-Disposition', 'attachment; filename="comptes.csv"');
    res.send(csv);
  }

  /** « Renvoyer le courriel de création du mot de passe » for the accounts ticked in the list (no JavaScript needed). */
  @Post('renvoi-invitations')
  async resend(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Body() body: Record<string, unknown>) {
    return bulkActionPage(req, res, body, {
      template: 'account-bulk-invitation',
      title: 'Renvoi des courriels de création du mot de passe',
      noneSelected: 'Cochez au moins un compte avant de renvoyer le courriel.',
      select: (posted) => selectedIds(posted.ids),
      run: resendInvitations,
      counted: 'sent',
    });
  }

  @Get()
  async list(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query() query: Record<string, string>) {
    if (!allow(req, res, ['administrator', 'drs'])) return;
    const drs = actorOf(req)?.roles.includes('drs') ?? false;
    const filter = {
      search: typeof query.search === 'string' ? query.search.slice(0, 100) : '',
      profile: query.profile === 'administrator' || query.profile === 'user' ? query.profile : '',
      status: typeof query.status === 'string' && statusLabels[query.status] ? query.status : '',
      expiring: query.expiring === '1' ? '1' : '',
      employerId: drs && typeof query.employerId === 'string' ? query.employerId.trim().slice(0, 100) : '',
      sort: typeof query.sort === 'string' && (Object.hasOwn(sortableColumns, query.sort) || query.sort === 'createdAt') ? query.sort : 'name',
      order: query.order === 'desc' ? 'desc' : 'asc',
      pageSize: pageSizeOf(query.pageSize),
      page: Math.max(1, Math.min(100_000, Number.parseInt(String(query.page ?? '1'), 10) || 1)),
    };
    const filterParams = (over: Partial<typeof filter> = {}) => {
      const f = { ...filter, ...over };
      const q = new URLSearchParams();
      if (f.search) q.set('search', f.search);
      if (f.profile) q.set('profile', f.profile);
      if (f.status) q.set('status', f.status);
      if (f.expiring) q.set('expiring', f.expiring);
      if (f.employerId) q.set('employerId', f.employerId);
      q.set('sort', f.sort);
      q.set('order', f.order);
      return q;
    };
    const fetchPage = (p: number) => {
      const params = filterParams();
      if (typeof query.minPosition === 'string' && /^\d+:\d+$/.test(query.minPosition)) params.set('minPosition', query.minPosition);
      params.set('page', String(p));
      params.set('pageSize', String(filter.pageSize));
      return callApi(req, 'GET', `/accounts?${params}`);
    };
    let answer = await fetchPage(filter.page);
    if (handledFailure(req, res, answer, 'La liste des comptes')) return;
    type Body = { items: any[]; total: number };
    let body = (answer.status === 200 ? answer.body : { items: [], total: 0 }) as Body;
    const shown = clampPage(filter.page, body.total ?? 0, filter.pageSize);
    if (shown !== filter.page) {
      // Past the last page: show the last one rather than an empty page numbered beyond the count.
      answer = await fetchPage(shown);
      if (handledFailure(req, res, answer, 'La liste des comptes')) return;
      body = (answer.status === 200 ? answer.body : { items: [], total: 0 }) as Body;
    }
    const total = body.total ?? 0;
    const names = drs ? await this.employerNames([...(body.items ?? []).map((i) => String(i.employerId)), ...(filter.employerId ? [filter.employerId] : [])]) : new Map<string, string>();
    const pageCount = pageCountOf(total, filter.pageSize);
    const link = (p: number) => {
      const q = filterParams();
      q.set('pageSize', String(filter.pageSize));
      q.set('page', String(p));
      return `/comptes?${q}`;
    };
    return page(req, res, 'account-list', {
      title: 'Gestion des comptes',
      filter,
      drs,
      canEdit: !drs,
      filterEmployerName: filter.employerId ? names.get(filter.employerId) : undefined,
      columns: Object.entries(sortableColumns).map(([key, label]) => {
        const active = filter.sort === key;
        const next = active && filter.order === 'asc' ? 'desc' : 'asc';
        const q = filterParams({ sort: key, order: next });
        q.set('pageSize', String(filter.pageSize));
        return {
          label,
          href: `/comptes?${q}`,
          ariaSort: active ? (filter.order === 'asc' ? 'ascending' : 'descending') : 'none',
          arrow: active ? (filter.order === 'asc' ? '▲' : '▼') : '',
          hint: active && filter.order === 'asc' ? 'trier par ordre décroissant' : 'trier par ordre croissant',
        };
      }),
      pageSizeOptions: pageSizes.map((value) => ({ value, selected: value === filter.pageSize })),
      statuses: ['invited', 'invitation-expired', 'active', 'locked', 'deactivated', 'closed'].map((value) => ({ value, label: statusLabels[value], selected: value === filter.status })),
      items: (body.items ?? []).map((item) => ({
        ...item,
        civilityShort: civilityShort(item.civility),
        profileLabel: profileLabels[item.profile] ?? item.profile,
        statusLabel: statusLabels[item.status] ?? item.status,
        // Only accounts in use are renewed (the domain refuses the others).
        renewable: item.status === 'active' || item.status === 'locked',
        employerName: names.get(item.employerId) ?? item.employerId,
        employerHref: `/comptes?${filterParams({ employerId: item.employerId })}&pageSize=${filter.pageSize}`,
        lastSignIn: item.lastSignInAt ? new Date(item.lastSignInAt).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' }) : 'Jamais',
      })),
      back: `/comptes?${filterParams()}&pageSize=${filter.pageSize}&page=${shown}`,
      exportHref: `/comptes/export.csv?${filterParams()}`,
      total,
      plural: total > 1,
      page: shown,
      pageCount,
      pastLast: shown !== filter.page,
      requestedPage: filter.page,
      pages: pageCount > 1,
      first: shown > 1 ? link(1) : undefined,
      previous: shown > 1 ? link(shown - 1) : undefined,
      next: shown < pageCount ? link(shown + 1) : undefined,
      last: shown < pageCount ? link(pageCount) : undefined,
      window: pageWindow(shown, pageCount).map((l) => (l.kind === 'gap' ? l : { ...l, href: link(l.page) })),
      error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste des comptes est momentanément indisponible.'),
    });
  }
}
