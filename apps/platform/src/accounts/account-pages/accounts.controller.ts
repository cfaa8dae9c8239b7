import { Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../access/authentication/access.decorators.js';
import { apiMessage, callApi, fieldErrors, positionOf } from '../../shell/pages/api-client.js';
import {
  addressLines,
  checkContact,
  civilityShort,
  contactFromForm,
  contactValuesOf,
  defaultRights,
  holderName,
  levelLabels,
  normaliseErrors,
  profileLabels,
  rightsFromForm,
  rightsView,
  statusLabels,
  toAccountView,
  toCatalogue,
  type AccountView,
  type Catalogue,
  type ContactValues,
  type Level,
} from './account-forms.js';
import { PageWriteGuard, allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';

const PAGE_SIZE = 20;
const CONTACT_FIELDS = ['profile', 'civility', 'lastName', 'firstName', 'email', 'emailConfirmation', 'phone', 'professionalAddress'] as const;

@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('comptes')
export class AccountsPagesController {
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
    return page(req, res, 'accounts', {
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

  @Get('nouveau')
  async wizardStart(@Req() req: Request, @Res() res: Response) {
    if (!allow(req, res, 'administrator')) return;
    const { catalogue, defaults } = await loadCatalogue(req);
    return this.stepOne(req, res, catalogue, blankContact(), defaults, {});
  }

  @Post('nouveau')
  async wizardPost(@Req() req: Request, @Res() res: Response) {
    if (!allow(req, res, 'administrator')) return;
    const form = (req.body ?? {}) as Record<string, unknown>;
    const { catalogue, defaults } = await loadCatalogue(req);
    const values = contactFromForm(form);
    const rights = rightsFromForm(form, catalogue, defaults);
    if (!checkFormToken(req)) return this.stepOne(req, res, catalogue, values, rights, {}, 'Votre formulaire a expiré. Recommencez.');
    const step = String(form.step ?? '1');
    const go = String(form.go ?? '');
    if (step === '1' || go === 'previous') {
      if (go === 'previous') return this.stepOne(req, res, catalogue, values, rights, {});
      const errors = checkContact(values, true);
      if (Object.keys(errors).length > 0) return this.stepOne(req, res, catalogue, values, rights, errors, undefined, 400);
      return this.stepTwo(req, res, catalogue, values, rights);
    }
    if (go !== 'create') return this.stepTwo(req, res, catalogue, values, rights);
    const errors = checkContact(values, true);
    if (Object.keys(errors).length > 0) return this.stepOne(req, res, catalogue, values, rights, errors, undefined, 400);
    const body: Record<string, unknown> = {
      profile: values.profile,
      civility: values.civility,
      lastName: values.lastName,
      firstName: values.firstName,
      email: values.email,
      emailConfirmation: values.emailConfirmation,
      rights,
    };
    if (values.phone) body.phone = values.phone;
    if (values.profile === 'administrator') body.professionalAddress = addressLines(values.professionalAddress);
    const answer = await callApi(req, 'POST', '/accounts', { body });
    if (answer.status === 201 || answer.status === 200) {
      const created = answer.body as { id?: string; accountId?: string; identifier?: string };
      const id = created.id ?? created.accountId;
      const summary = { id, identifier: created.identifier, civility: values.civility, firstName: values.firstName, lastName: values.lastName };
      res.cookie('peps_created', Buffer.from(JSON.stringify(summary)).toString('base64url'), { httpOnly: true, sameSite: 'lax', path: '/comptes', secure: req.secure, maxAge: 600_000 });
      const position = positionOf(answer);
      return res.redirect(303, `/comptes/${encodeURIComponent(String(id))}/identifiant${position ? `?minPosition=${position}` : ''}`);
    }
    if (handledFailure(req, res, answer, 'Le compte')) return;
    const apiErrors = normaliseErrors(fieldErrors(answer.body));
    const onStepOne = Object.keys(apiErrors).filter((f) => (CONTACT_FIELDS as readonly string[]).includes(f));
    if (answer.status === 400 && onStepOne.length > 0) return this.stepOne(req, res, catalogue, values, rights, apiErrors, apiMessage(answer, 'Certains champs sont invalides.'), 400);
    const detail = Object.values(apiErrors)[0];
    return this.stepTwo(req, res, catalogue, values, rights, detail ? `${apiMessage(answer, 'Le compte ne peut pas être créé.')} ${detail}` : apiMessage(answer, 'Le compte ne peut pas être créé.'), answer.status === 400 ? 400 : 409);
  }

  @Get(':id/identifiant')
  async created(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    if (!allow(req, res, 'administrator')) return;
    const answer = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}`);
    let view: { identifier: string; civility: string; firstName: string; lastName: string } | undefined;
    if (answer.status === 200) view = toAccountView(answer.body, id);
    else {
      const raw = (req.cookies as Record<string, string> | undefined)?.peps_created;
      try {
        const summary = raw ? JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) : undefined;
        if (summary?.id === id && summary.identifier) view = summary;
      } catch {
        /* ignored */
      }
      if (!view && handledFailure(req, res, answer, 'Le compte')) return;
    }
    if (!view) return page(req, res, 'error', { title: 'Compte introuvable', heading: 'Compte introuvable', message: "Ce compte n'existe pas." }, 404);
    return page(req, res, 'account-created', {
      title: 'Etape 3 Communiquer son identifiant',
      bodyClass: 'page-identifier',
      holderName: holderName(view),
      identifier: view.identifier,
      civilityShort: civilityShort(view.civility),
      lastName: view.lastName,
    });
  }

  @Get(':id')
  async edit(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    if (!allow(req, res, 'administrator')) return;
    const loaded = await loadAccount(req, res, id);
    if (!loaded) return;
    const { catalogue } = await loadCatalogue(req);
    return this.editPage(req, res, catalogue, loaded, contactValuesOf(loaded), loaded.rights, {});
  }

  @Post(':id')
  async apply(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    if (!allow(req, res, 'administrator')) return;
    const form = (req.body ?? {}) as Record<string, unknown>;
    const loaded = await loadAccount(req, res, id);
    if (!loaded) return;
    const { catalogue } = await loadCatalogue(req);
    const values = contactFromForm(form);
    if (loaded.profile === 'administrator') values.profile = 'administrator';
    const rights = rightsFromForm(form, catalogue, loaded.rights);
    const expectedVersion = Number.parseInt(String(form.expectedVersion ?? ''), 10);
    const account = { ...loaded, version: Number.isFinite(expectedVersion) ? expectedVersion : loaded.version };
    const tab = form._tab === 'coordonnees' ? 'coordonnees' : 'droits';
    if (!checkFormToken(req)) return this.editPage(req, res, catalogue, account, values, rights, {}, { error: 'Votre formulaire a expiré. Recommencez.', tab }, 403);
    if (typeof form._column === 'string') return this.editPage(req, res, catalogue, account, values, rights, {}, { tab: 'droits' });
    const errors = checkContact(values, false);
    if (Object.keys(errors).length > 0) return this.editPage(req, res, catalogue, account, values, rights, errors, { tab: 'coordonnees', error: 'Certains champs de « Ses coordonnées » sont absents ou invalides.' }, 400);
    const promote = loaded.profile !== 'administrator' && values.profile === 'administrator';
    if (promote && form.promotionConfirmed !== '1') {
      return this.editPage(req, res, catalogue, account, values, rights, {}, { confirmPromotion: true, tab });
    }
    const contact: Record<string, unknown> = {
      civility: values.civility,
      lastName: values.lastName,
      firstName: values.firstName,
      email: values.email,
      emailConfirmation: values.emailConfirmation,
      phone: values.phone || null,
    };
    const address = addressLines(values.professionalAddress);
    if (address.length > 0 || loaded.professionalAddress.length > 0) contact.professionalAddress = address.length > 0 ? address : null;
    const body: Record<string, unknown> = { expectedVersion: account.version, contact, rights };
    if (promote) body.profile = 'administrator';
    const answer = await callApi(req, 'PATCH', `/accounts/${encodeURIComponent(id)}`, { body });
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, {
        kind: 'success',
        message: promote
          ? 'Les modifications ont bien été appliquées. Le compte est désormais Administrateur ; un courrier est envoyé au représentant légal. Le profil sera pris en compte à la prochaine connexion du compte.'
          : 'Les modifications ont bien été appliquées.',
      });
      return res.redirect(303, `/comptes/${encodeURIComponent(id)}`);
    }
    if (answer.status === 401 || answer.status === 403 || answer.status === 404 || answer.status >= 500) {
      handledFailure(req, res, answer, 'Le compte');
      return;
    }
    const code = String((answer.body as { code?: string } | undefined)?.code ?? '');
    if (answer.status === 409 && code.startsWith('concurrency')) {
      const fresh = await loadAccount(req, res, id);
      if (!fresh) return;
      return this.editPage(req, res, catalogue, fresh, contactValuesOf(fresh), fresh.rights, {}, { conflict: describeAccount(fresh, catalogue), tab }, 409);
    }
    const apiErrors = normaliseErrors(fieldErrors(answer.body));
    const contactError = Object.keys(apiErrors).some((f) => (CONTACT_FIELDS as readonly string[]).includes(f));
    return this.editPage(req, res, catalogue, account, values, rights, apiErrors, { error: apiMessage(answer, 'Les modifications ne peuvent pas être appliquées.'), tab: contactError ? 'coordonnees' : tab }, answer.status);
  }

  @Get(':id/suppression')
  async deleteConfirm(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    if (!allow(req, res, 'administrator')) return;
    const account = await loadAccount(req, res, id);
    if (!account) return;
    return page(req, res, 'account-delete', { title: `Supprimer le compte de ${holderName(account)}`, account, holderName: holderName(account) });
  }

  @Post(':id/suppression')
  async delete(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    if (!allow(req, res, 'administrator')) return;
    const account = await loadAccount(req, res, id);
    if (!account) return;
    const again = (error: string, status: number) => page(req, res, 'account-delete', { title: `Supprimer le compte de ${holderName(account)}`, account, holderName: holderName(account), error }, status);
    if (!checkFormToken(req)) return again('Votre formulaire a expiré. Recommencez.', 403);
    const answer = await callApi(req, 'DELETE', `/accounts/${encodeURIComponent(id)}`);
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, { kind: 'success', message: `Le compte de ${holderName(account)} a bien été supprimé.` });
      const position = positionOf(answer);
      return res.redirect(303, `/comptes${position ? `?minPosition=${position}` : ''}`);
    }
    if (answer.status !== 409 && handledFailure(req, res, answer, 'Le compte')) return;
    return again(apiMessage(answer, 'Ce compte ne peut pas être supprimé.'), answer.status);
  }

  @Post(':id/invitation')
  async invite(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    return this.simpleAction(req, res, id, 'invitation', 'Un nouveau courriel de création du mot de passe a été envoyé. Le lien précédent ne fonctionne plus.');
  }

  @Post(':id/deblocage')
  async unlock(@Req() req: Request, @Res() res: Response, @Param('id') id: string) {
    return this.simpleAction(req, res, id, 'unlock', 'Le compte est débloqué : son titulaire peut de nouveau se connecter.');
  }

  private async simpleAction(req: Request, res: Response, id: string, action: string, success: string) {
    if (!allow(req, res, 'administrator')) return;
    if (!checkFormToken(req)) {
      setFlash(req, res, { kind: 'error', message: 'Votre formulaire a expiré. Recommencez.' });
      return res.redirect(303, `/comptes/${encodeURIComponent(id)}`);
    }
    const answer = await callApi(req, 'POST', `/accounts/${encodeURIComponent(id)}/${action}`, { body: {} });
    if (answer.status >= 200 && answer.status < 300) setFlash(req, res, { kind: 'success', message: success });
    else if (answer.status === 401 || answer.status === 404) {
      handledFailure(req, res, answer, 'Le compte');
      return;
    } else setFlash(req, res, { kind: 'error', message: apiMessage(answer, "L'action n'a pas pu être effectuée.") });
    return res.redirect(303, `/comptes/${encodeURIComponent(id)}`);
  }

  private stepOne(req: Request, res: Response, catalogue: Catalogue, values: ContactValues, rights: Record<string, Level>, errors: Record<string, string>, error?: string, status = 200) {
    return page(
      req,
      res,
      'account-new',
      {
        title: `${Object.keys(errors).length ? 'Erreur — ' : ''}Etape 1 Renseigner les coordonnées — Créer un compte`,
        step: 1,
        values,
        errors,
        error: error ?? (Object.keys(errors).length ? 'Certains champs sont absents ou invalides : corrigez-les pour passer à l’étape suivante.' : undefined),
        hideAddress: values.profile !== 'administrator',
        rightsHidden: allCodes(catalogue).map((code) => ({ code, level: rights[code] })),
      },
      status,
    );
  }

  private stepTwo(req: Request, res: Response, catalogue: Catalogue, values: ContactValues, rights: Record<string, Level>, error?: string, status = 200) {
    return page(
      req,
      res,
      'account-new',
      {
        title: 'Etape 2 Attribuer les droits — Créer un compte',
        step: 2,
        holderName: holderName(values),
        contactHidden: CONTACT_FIELDS.map((name) => ({ name, value: values[name] ?? '' })),
        families: rightsView(catalogue, rights),
        error,
      },
      status,
    );
  }

  private editPage(
    req: Request,
    res: Response,
    catalogue: Catalogue,
    account: AccountView,
    values: ContactValues,
    rights: Record<string, Level>,
    errors: Record<string, string>,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    return page(
      req,
      res,
      'account-edit',
      {
        title: `Modifier le compte de ${holderName(account)}`,
        account,
        holderName: holderName(account),
        profileLabel: profileLabels[account.profile] ?? account.profile,
        statusLabel: statusLabels[account.status] ?? account.status,
        isAdministrator: account.profile === 'administrator',
        isLocked: account.status === 'locked',
        canInvite: ['invited', 'invitation-expired', 'pending', 'deactivated'].includes(account.status),
        values,
        errors,
        hideAddress: values.profile !== 'administrator' && !values.professionalAddress,
        families: rightsView(catalogue, rights),
        tab: 'droits',
        ...extra,
      },
      status,
    );
  }
}

function blankContact(): ContactValues {
  return { lastName: '', firstName: '', email: '', emailConfirmation: '', phone: '', professionalAddress: '' };
}

function allCodes(catalogue: Catalogue): string[] {
  return catalogue.families.flatMap((f) => f.services.map((s) => s.code));
}

async function loadCatalogue(req: Request): Promise<{ catalogue: Catalogue; defaults: Record<string, Level> }> {
  const answer = await callApi(req, 'GET', '/services');
  const body = answer.status === 200 ? answer.body : undefined;
  const catalogue = toCatalogue(body);
  return { catalogue, defaults: defaultRights(body, catalogue) };
}

async function loadAccount(req: Request, res: Response, id: string): Promise<AccountView | undefined> {
  const answer = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}`);
  if (answer.status === 200) return toAccountView(answer.body, id);
  if (!handledFailure(req, res, answer, 'Le compte')) {
    page(req, res, 'error', { title: 'Compte indisponible', heading: 'Compte indisponible', message: apiMessage(answer, 'Ce compte ne peut pas être affiché.') }, answer.status);
  }
  return undefined;
}

function describeAccount(account: AccountView, catalogue: Catalogue): { label: string; value: string }[] {
  const rows = [
    { label: 'Profil', value: profileLabels[account.profile] ?? account.profile },
    { label: 'Civilité', value: account.civility === 'madame' ? 'Madame' : 'Monsieur' },
    { label: 'Nom', value: account.lastName },
    { label: 'Prénom', value: account.firstName },
    { label: 'Courriel', value: account.email },
    { label: 'Téléphone', value: account.phone || '—' },
    { label: 'Adresse professionnelle', value: account.professionalAddress.join(', ') || '—' },
  ];
  for (const family of catalogue.families) {
    for (const service of family.services) rows.push({ label: service.label, value: levelLabels[account.rights[service.code] ?? 'none'] });
  }
  return rows;
}
