import { Controller, Get, Inject, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { POSTAL_ADDRESS_MAX_LINE_LENGTH, POSTAL_ADDRESS_MAX_LINES } from '@peps/domain';
import { PLATFORM_CONFIG, type PlatformConfig } from '@peps/runtime';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../access/authentication/access.decorators.js';
import { needsStepUp, renderStepUp } from '../../access/second-factor/step-up-page/step-up.page.js';
import { allServiceCodes, civilityShort, holderName, rightsView, toAccountView, type Catalogue, type Level } from '../../shell/pages/account-view.js';
import { apiMessage, callApi, fieldErrors, positionOf } from '../../shell/pages/api-client.js';
import { PageWriteGuard, allow, handledFailure } from '../../shell/pages/guards.js';
import { actorOf, checkFormToken, page } from '../../shell/pages/page-context.js';
import {
  CONTACT_FIELDS,
  blankContact,
  contactErrors,
  contactFromForm,
  isContactField,
  loadCatalogue,
  newAccountBody,
  normaliseErrors,
  rightsFromForm,
  type ContactValues,
} from '../account-pages/account-forms.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { identifierSheet } from './identifier-sheet.js';
import { SamePersonAccounts, type SamePersonAccount } from './same-person.js';

/**
 * « Créer un compte »: step 1 the contact details, step 2 the rights, then `POST /api/accounts` and step 3 the
 * identifier to print. Step 1 goes on only with a form the domain accepts (its field errors, as the API's).
 */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('comptes')
export class CreateAccountPage {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly writeSide: WriteSide,
    private readonly samePerson: SamePersonAccounts,
  ) {}

  @Get('nouveau')
  async wizardStart(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!allow(req, res, 'administrator')) return;
    const { catalogue, defaults } = await loadCatalogue(req);
    return this.stepOne(req, res, catalogue, blankContact(), defaults, {});
  }

  @Post('nouveau')
  async wizardPost(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
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
      const errors = contactErrors(newAccountBody(values));
      if (Object.keys(errors).length > 0) return this.stepOne(req, res, catalogue, values, rights, errors, undefined, 400);
      return this.stepTwo(req, res, catalogue, values, rights);
    }
    if (go !== 'create') return this.stepTwo(req, res, catalogue, values, rights);
    // The same person twice is most often a slip: a second account needs the administrator's explicit word.
    if (form.confirmSecondAccount !== 'oui' && (await this.existingAccountOf(req, values))) {
      return this.stepTwo(req, res, catalogue, values, rights, 'Cochez la case « Créer quand même un second compte pour cette personne » ou revenez à la liste des comptes.', 409);
    }
    const answer = await callApi(req, 'POST', '/accounts', { body: { ...newAccountBody(values), rights } });
    if (answer.status === 201 || answer.status === 200) {
      const created = answer.body as { id?: string; accountId?: string; identifier?: string };
      const id = created.id ?? created.accountId;
      const summary = { id, identifier: created.identifier, civility: values.civility, firstName: values.firstName, lastName: values.lastName };
      res.cookie('peps_created', Buffer.from(JSON.stringify(summary)).toString('base64url'), { httpOnly: true, sameSite: 'lax', path: '/comptes', secure: req.protocol === 'https', maxAge: 600 });
      const position = positionOf(answer);
      return res.redirect(`/comptes/${encodeURIComponent(String(id))}/identifiant${position ? `?minPosition=${position}` : ''}`, 303);
    }
    // A sensitive action: the identity is confirmed in place, then this very form comes back here to create the account.
    if (needsStepUp(answer)) return renderStepUp(req, res, answer, { action: '/comptes/nouveau', fields: form, cancel: '/comptes' });
    if (handledFailure(req, res, answer, 'Le compte')) return;
    const apiErrors = normaliseErrors(fieldErrors(answer.body));
    const onStepOne = Object.keys(apiErrors).filter(isContactField);
    if (answer.status === 400 && onStepOne.length > 0) return this.stepOne(req, res, catalogue, values, rights, apiErrors, apiMessage(answer, 'Certains champs sont invalides.'), 400);
    const detail = Object.values(apiErrors)[0];
    return this.stepTwo(req, res, catalogue, values, rights, detail ? `${apiMessage(answer, 'Le compte ne peut pas être créé.')} ${detail}` : apiMessage(answer, 'Le compte ne peut pas être créé.'), answer.status === 400 ? 400 : 409);
  }

  @Get(':id/identifiant')
  async created(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    if (!allow(req, res, 'administrator')) return;
    const answer = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}`);
    let view: { identifier: string; civility: string; firstName: string; lastName: string; employerId?: string | null; createdAt?: string } | undefined;
    if (answer.status === 200) view = { ...toAccountView(answer.body, id), createdAt: (answer.body as { createdAt?: string } | undefined)?.createdAt };
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
    const employerId = view.employerId;
    const employerName = employerId ? (await this.writeSide.loadEmployer(employerId).catch(() => undefined))?.state?.name : undefined;
    return page(req, res, 'account-identifier', {
      title: 'Etape 3 Communiquer son identifiant',
      bodyClass: 'page-identifier',
      holderName: holderName(view),
      identifier: view.identifier,
      ...identifierSheet({ publicUrl: this.config.publicUrl, employerName, createdAt: view.createdAt, now: new Date() }),
      civilityShort: civilityShort(view.civility),
      lastName: view.lastName,
    });
  }

  private stepOne(req: FastifyRequest, res: FastifyReply, catalogue: Catalogue, values: ContactValues, rights: Record<string, Level>, errors: Record<string, string>, error?: string, status = 200) {
    return page(
      req,
      res,
      'create-account',
      {
        title: `${Object.keys(errors).length ? 'Erreur — ' : ''}Etape 1 Renseigner les coordonnées — Créer un compte`,
        step: 1,
        values,
        errors,
        error: error ?? (Object.keys(errors).length ? 'Certains champs sont absents ou invalides : corrigez-les pour passer à l’étape suivante.' : undefined),
        hideAddress: values.profile !== 'administrator',
        // The norm's limits as the domain checks them, so the hint never drifts from the rule.
        addressLimits: { lines: POSTAL_ADDRESS_MAX_LINES, length: POSTAL_ADDRESS_MAX_LINE_LENGTH },
        rightsHidden: allServiceCodes(catalogue).map((code) => ({ code, level: rights[code] })),
      },
      status,
    );
  }

  /** A live account of the administrator's employer for the same e-mail, last and first name. */
  private existingAccountOf(req: FastifyRequest, values: ContactValues): Promise<SamePersonAccount | undefined> {
    const employerId = actorOf(req)?.employerId;
    return employerId ? this.samePerson.find(employerId, values) : Promise.resolve(undefined);
  }

  private async stepTwo(req: FastifyRequest, res: FastifyReply, catalogue: Catalogue, values: ContactValues, rights: Record<string, Level>, error?: string, status = 200) {
    const samePerson = await this.existingAccountOf(req, values);
    return page(
      req,
      res,
      'create-account',
      {
        title: 'Etape 2 Attribuer les droits — Créer un compte',
        step: 2,
        holderName: holderName(values),
        contactHidden: CONTACT_FIELDS.map((name) => ({ name, value: values[name] ?? '' })),
        families: rightsView(catalogue, rights),
        samePerson,
        error,
      },
      status,
    );
  }
}
