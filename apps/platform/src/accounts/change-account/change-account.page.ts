import { Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { Public } from '../../access/authentication/access.decorators.js';
import { needsStepUp, renderStepUp } from '../../access/second-factor/step-up-page/step-up.page.js';
import { holderName, levelLabels, profileLabels, rightsView, statusLabels, type AccountView, type Catalogue, type Level } from '../../shell/pages/account-view.js';
import { apiMessage, callApi, fieldErrors } from '../../shell/pages/api-client.js';
import { PageWriteGuard, allow, handledFailure } from '../../shell/pages/guards.js';
import { actorOf, checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import {
  addressLines,
  contactErrors,
  contactFromForm,
  contactValuesOf,
  isContactField,
  loadAccount,
  loadCatalogue,
  normaliseErrors,
  rightsFromForm,
  type ContactValues,
} from '../account-pages/account-forms.js';

const CONTACT_TAB_INVALID = 'Certains champs de « Ses coordonnées » sont absents ou invalides.';

/**
 * « Modifier le compte »: both tabs applied at once by `PATCH /api/accounts/:id` at the version the form was loaded
 * at, which answers the field errors shown. A promotion to Administrator is confirmed first; the form is checked by
 * the domain before asking, so nothing the API would refuse is confirmed.
 */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('comptes')
export class ChangeAccountPage {
  @Get(':id')
  async edit(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string, @Query('onglet') onglet?: string) {
    if (!allow(req, res, 'administrator')) return;
    const loaded = await loadAccount(req, res, id);
    if (!loaded) return;
    const { catalogue } = await loadCatalogue(req);
    // After « Appliquer les modifications », the page comes back on the tab the administrator was working in.
    return this.editPage(req, res, catalogue, loaded, contactValuesOf(loaded), loaded.rights, {}, { tab: onglet === 'coordonnees' ? 'coordonnees' : 'droits' });
  }

  @Post(':id')
  async apply(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
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
    const promote = loaded.profile !== 'administrator' && values.profile === 'administrator';
    if (promote && form.promotionConfirmed !== '1') {
      // The promoted holder needs a professional address: checked as the API will, before asking to confirm.
      const errors = contactErrors({ ...contact, professionalAddress: address.length > 0 ? address : null }, 'administrator');
      if (Object.keys(errors).length > 0) return this.editPage(req, res, catalogue, account, values, rights, errors, { tab: 'coordonnees', error: CONTACT_TAB_INVALID }, 400);
      return this.editPage(req, res, catalogue, account, values, rights, {}, { confirmPromotion: true, tab });
    }
    const body: Record<string, unknown> = { expectedVersion: account.version, contact, rights };
    if (promote) body.profile = 'administrator';
    let answer = await callApi(req, 'PATCH', `/accounts/${encodeURIComponent(id)}`, { body });
    if (needsStepUp(answer)) {
      // Confirmed in place, then this form comes back. Changing one's own account, the confirmation itself moves
      // the stream's version: what the form was based on is carried, so that only a visible change conflicts.
      const base = account.version === loaded.version && id === actorOf(req)?.accountId ? { _stepUpBase: accountDigest(loaded, catalogue) } : {};
      return renderStepUp(req, res, answer, { action: `/comptes/${encodeURIComponent(id)}`, fields: { ...form, ...base }, cancel: `/comptes/${encodeURIComponent(id)}` });
    }
    if (answer.status === 409 && typeof form._stepUpBase === 'string' && id === actorOf(req)?.accountId) {
      const fresh = await loadAccount(req, res, id);
      if (!fresh) return;
      if (accountDigest(fresh, catalogue) === form._stepUpBase) answer = await callApi(req, 'PATCH', `/accounts/${encodeURIComponent(id)}`, { body: { ...body, expectedVersion: fresh.version } });
    }
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, {
        kind: 'success',
        message: promote
          ? 'Les modifications ont bien été appliquées. Le compte est désormais Administrateur ; un courrier est envoyé au représentant légal. Le profil sera pris en compte à la prochaine connexion du compte.'
          : 'Les modifications ont bien été appliquées.',
      });
      return res.redirect(`/comptes/${encodeURIComponent(id)}${tab === 'coordonnees' ? '?onglet=coordonnees' : ''}`, 303);
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
    const contactError = Object.keys(apiErrors).some(isContactField);
    const error = contactError ? CONTACT_TAB_INVALID : apiMessage(answer, 'Les modifications ne peuvent pas être appliquées.');
    return this.editPage(req, res, catalogue, account, values, rights, apiErrors, { error, tab: contactError ? 'coordonnees' : tab }, answer.status);
  }

  private editPage(
    req: FastifyRequest,
    res: FastifyReply,
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
      'change-account',
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

/** What the holder sees of an account (contact, profile, rights), as a digest: equal when nothing visible changed. */
function accountDigest(account: AccountView, catalogue: Catalogue): string {
  return createHash('sha256').update(JSON.stringify(describeAccount(account, catalogue))).digest('base64url');
}

/** The account as it now is, after someone else's change: what the conflict notice lists. */
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
