import { Get, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { civilityShort, profileLabels, statusLabels } from '../../shell/pages/account-view.js';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { page } from '../../shell/pages/page-context.js';
import { PageController } from '../../shell/pages/page-controller.js';

const PAGE_SIZE = 20;

/** « Gestion des comptes »: search, filters and pages over `GET /api/accounts`. */
@PageController('comptes')
export class AccountListPage {
  @Get()
  async list(@Req() req: Request, @Res() res: Response, @Query() query: Record<string, string>) {
    if (!allow(req, res, ['administrator', 'drs'])) return;
    const filter = {
      search: typeof query.search === 'string' ? query.search.slice(0, 100) : '',
      profile: query.profile === 'administrator' || query.profile === 'user' ? query.profile : '',
      status: typeof query.status === 'string' && statusLabels[query.status] ? query.status : '',
      page: Math.max(1, Math.min(100_000, Number.parseInt(String(query.page ?? '1'), 10) || 1)),
    };
    const params = new URLSearchParams();
    if (filter.search) params.set('search', filter.search);
    if (filter.profile) params.set('profile', filter.profile);
    if (filter.status) params.set('status', filter.status);
    if (typeof query.minPosition === 'string' && /^\d+:\d+$/.test(query.minPosition)) params.set('minPosition', query.minPosition);
    params.set('page', String(filter.page));
    params.set('pageSize', String(PAGE_SIZE));
    const answer = await callApi(req, 'GET', `/accounts?${params}`);
    if (handledFailure(req, res, answer, 'La liste des comptes')) return;
    const body = (answer.status === 200 ? answer.body : { items: [], total: 0 }) as { items: any[]; total: number; page?: number; pageSize?: number };
    const pageCount = Math.max(1, Math.ceil((body.total ?? 0) / PAGE_SIZE));
    const link = (p: number) => {
      const q = new URLSearchParams();
      if (filter.search) q.set('search', filter.search);
      if (filter.profile) q.set('profile', filter.profile);
      if (filter.status) q.set('status', filter.status);
      q.set('page', String(p));
      return `/comptes?${q}`;
    };
    return page(req, res, 'account-list', {
      title: 'Gestion des comptes',
      filter,
      statuses: ['invited', 'invitation-expired', 'active', 'locked', 'deactivated', 'closed'].map((value) => ({ value, label: statusLabels[value], selected: value === filter.status })),
      items: (body.items ?? []).map((item) => ({
        ...item,
        civilityShort: civilityShort(item.civility),
        profileLabel: profileLabels[item.profile] ?? item.profile,
        statusLabel: statusLabels[item.status] ?? item.status,
      })),
      total: body.total ?? 0,
      plural: (body.total ?? 0) > 1,
      page: filter.page,
      pageCount,
      pages: pageCount > 1,
      previous: filter.page > 1 ? link(filter.page - 1) : undefined,
      next: filter.page < pageCount ? link(filter.page + 1) : undefined,
      error: answer.status === 200 ? undefined : apiMessage(answer, 'La liste des comptes est momentanément indisponible.'),
    });
  }
}
