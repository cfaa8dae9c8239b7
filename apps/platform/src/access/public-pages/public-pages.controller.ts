import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../authentication/access.decorators.js';
import { sessionTokenOf } from '../authentication/authentication.guard.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { effectiveRights } from '@peps/domain';
import { CSRF_COOKIE, apiMessage, callApi, fieldErrors, type ApiAnswer } from '../../shell/pages/api-client.js';
import { PageWriteGuard } from '../../shell/pages/guards.js';
import { rightsView, toAccountView, toCatalogue, type Level } from '../../accounts/account-pages/account-forms.js';
import { ANON_CSRF_COOKIE, HOST_ANON_CSRF_COOKIE, PROFILE_COOKIE, actorOf, checkBrowserFormToken, checkFormToken, cookieOptions, page, setFlash, viewerOf } from '../../shell/pages/page-context.js';

const forgottenIdentifier = {
  heading: 'Identifiant oublié ?',
  intro: 'Indiquez le courriel de votre compte : si un compte y correspond, votre identifiant vous y sera envoyé.',
  action: '/identifiant-oublie',
  fieldName: 'email',
  fieldLabel: 'Courriel',
  fieldType: 'email',
  maxLength: 254,
  autocomplete: 'email',
  confirmation: 'Si un compte correspond à ce courriel, un message contenant votre identifiant vient de vous être envoyé.',
};

const forgottenPassword = {
  heading: 'Mot de passe oublié ?',
  intro: 'Indiquez votre identifiant : si le compte existe, un courriel vous permettra de choisir un nouveau mot de passe (le lien est valable 1 heure).',
  action: '/mot-de-passe-oublie',
  fieldName: 'identifier',
  fieldLabel: 'Identifiant',
  fieldHint: "Identifiant jusqu'à 9 caractères (sauf tiret de l'inscription)",
  fieldType: 'text',
  maxLength: 9,
  autocomplete: 'username',
  confirmation: 'Si ce compte existe, un courriel vient de vous être envoyé pour choisir un nouveau mot de passe. Le lien est valable 1 heure.',
};

@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller()
export class PublicPagesController {
  constructor(private readonly moduleRef: ModuleRef) {}

  /**
   * A user may not read accounts through the API (administrators, DRS and auditors only), yet their home page
   * lists their own services: read the signed-in holder's own stream, and only theirs.
   */
  private async ownRights(accountId: string): Promise<Record<string, Level> | undefined> {
    try {
      const writeSide = this.moduleRef.get(WriteSide, { strict: false });
      const { state } = await writeSide.loadAccount(accountId);
      return state ? (effectiveRights(state.rights) as Record<string, Level>) : undefined;
    } catch {
      return undefined;
    }
  }

  @Get()
  async home(@Req() req: Request, @Res() res: Response) {
    const actor = actorOf(req);
    if (!actor) return page(req, res, 'sign-in', { title: 'Se connecter', bodyClass: 'page-sign-in' });
    const viewer = viewerOf(req)!;
    const context: Record<string, unknown> = { title: 'Accueil', holder: viewer };
    if (actor.employerId) {
      const [catalogueAnswer, accountAnswer] = await Promise.all([callApi(req, 'GET', '/services'), callApi(req, 'GET', `/accounts/${encodeURIComponent(actor.accountId)}`)]);
      const catalogue = toCatalogue(catalogueAnswer.status === 200 ? catalogueAnswer.body : undefined);
      let rights: Record<string, Level> | undefined;
      if (accountAnswer.status === 200) {
        const account = toAccountView(accountAnswer.body, actor.accountId);
        rights = account.rights;
        if (account.profile === 'administrator' && !actor.roles.includes('administrator')) {
          context.promotionNotice = 'Votre compte est désormais Administrateur : ce profil sera pris en compte à votre prochaine connexion.';
        }
      } else {
        rights = (await this.ownRights(actor.accountId)) ?? profileCookie(req)?.rights;
      }
      if (rights) {
        context.families = rightsView(catalogue, rights)
          .map((f) => ({ ...f, services: f.services.filter((s) => s.level !== 'none') }))
          .filter((f) => f.services.length > 0);
      } else {
        context.servicesUnavailable = 'La liste de vos services est momentanément indisponible.';
      }
    }
    return page(req, res, 'home', context);
  }

  @Post('connexion')
  async signIn(@Req() req: Request, @Res() res: Response) {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const identifier = typeof form.identifier === 'string' ? form.identifier.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const again = (error: string, status = 200) => page(req, res, 'sign-in', { title: 'Se connecter', identifier, error }, status);
    if (!checkFormToken(req)) return again('Votre formulaire a expiré. Recommencez.', 403);
    if (!identifier || !password) return again('Renseignez votre identifiant et votre mot de passe.');
    const answer = await callApi(req, 'POST', '/auth/login', { body: { identifier, password } });
    if (answer.status === 200 || answer.status === 201) {
      const body = answer.body as { token?: string; csrfToken?: string; account?: Record<string, unknown> };
      const setCookies = answer.headers.getSetCookie();
      if (setCookies.length > 0) res.append('Set-Cookie', setCookies);
      else if (body.token) res.cookie(req.secure ? '__Host-peps_session' : 'peps_session', body.token, cookieOptions(req));
      if (body.csrfToken) res.cookie(CSRF_COOKIE, body.csrfToken, cookieOptions(req));
      const account = body.account ?? {};
      const summary = { rights: account.rights ?? null };
      res.cookie(PROFILE_COOKIE, Buffer.from(JSON.stringify(summary)).toString('base64url'), cookieOptions(req));
      res.clearCookie(ANON_CSRF_COOKIE, { path: '/' });
      res.clearCookie(HOST_ANON_CSRF_COOKIE, { path: '/', secure: true });
      return res.redirect(303, '/');
    }
    if (answer.status === 400) return again(Object.values(fieldErrors(answer.body))[0] ?? apiMessage(answer, 'Identifiant ou mot de passe incorrect.'));
    if (answer.status === 429) return again(apiMessage(answer, 'Trop de tentatives. Réessayez dans quelques instants.'));
    if (answer.status === 401) return again(apiMessage(answer, 'Identifiant ou mot de passe incorrect.'));
    return again(`La connexion est momentanément impossible (${answer.status}). Réessayez dans quelques instants.`);
  }

  /**
   * « Se déconnecter » says so only when no session is left: the API ended it (or it had already ended). With the
   * session's own form token the API is called as for any write; a browser that lost that token (a restart dropped
   * the `peps_csrf` cookie but kept the session cookie) proves the form with its per-browser token instead, and the
   * page ends the session with the session token itself. Otherwise the cookies stay and the page says it could not.
   */
  @Post('deconnexion')
  async signOut(@Req() req: Request, @Res() res: Response) {
    const signedOut = () => {
      for (const name of ['peps_session', '__Host-peps_session', CSRF_COOKIE, PROFILE_COOKIE]) res.clearCookie(name, { path: '/', secure: name.startsWith('__Host-') });
      setFlash(req, res, { kind: 'info', message: 'Vous êtes déconnecté.' });
      return res.redirect(303, '/');
    };
    if (!actorOf(req)) return signedOut();
    let answer: ApiAnswer | undefined;
    const sessionToken = sessionTokenOf(req);
    try {
      if (checkFormToken(req)) answer = await callApi(req, 'POST', '/auth/logout', { body: {} });
      else if (checkBrowserFormToken(req) && sessionToken) answer = await callApi(req, 'POST', '/auth/logout', { body: {}, bearer: sessionToken });
    } catch {
      answer = undefined;
    }
    // 401: the session had already ended in between.
    if (answer && ((answer.status >= 200 && answer.status < 300) || answer.status === 401)) return signedOut();
    setFlash(req, res, {
      kind: 'error',
      message: answer
        ? "La déconnexion n'a pas abouti : votre session est toujours ouverte. Réessayez dans quelques instants."
        : "La déconnexion n'a pas abouti : votre session est toujours ouverte. Rechargez la page et recommencez.",
    });
    return res.redirect(303, '/');
  }

  @Get('inscrire-un-etablissement')
  register(@Req() req: Request, @Res() res: Response) {
    return page(req, res, 'register-establishment', { title: 'Inscrire un établissement', breadcrumb: [{ label: 'Se connecter', href: '/' }, { label: 'Inscrire un établissement' }] });
  }

  @Get('identifiant-oublie')
  identifierForm(@Req() req: Request, @Res() res: Response) {
    return page(req, res, 'forgotten', { ...forgottenIdentifier, title: forgottenIdentifier.heading, breadcrumb: crumbs(forgottenIdentifier.heading) });
  }

  @Post('identifiant-oublie')
  async identifierSend(@Req() req: Request, @Res() res: Response) {
    const value = String((req.body as Record<string, unknown>)?.email ?? '').trim();
    const base = { ...forgottenIdentifier, title: forgottenIdentifier.heading, breadcrumb: crumbs(forgottenIdentifier.heading), value };
    if (!checkFormToken(req)) return page(req, res, 'forgotten', { ...base, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!value) return page(req, res, 'forgotten', { ...base, error: 'Renseignez votre courriel.' });
    await callApi(req, 'POST', '/identifier/forgotten', { body: { email: value } });
    return page(req, res, 'forgotten', { ...base, done: true });
  }

  @Get('mot-de-passe-oublie')
  passwordForm(@Req() req: Request, @Res() res: Response) {
    return page(req, res, 'forgotten', { ...forgottenPassword, title: forgottenPassword.heading, breadcrumb: crumbs(forgottenPassword.heading) });
  }

  @Post('mot-de-passe-oublie')
  async passwordSend(@Req() req: Request, @Res() res: Response) {
    const value = String((req.body as Record<string, unknown>)?.identifier ?? '').trim();
    const base = { ...forgottenPassword, title: forgottenPassword.heading, breadcrumb: crumbs(forgottenPassword.heading), value };
    if (!checkFormToken(req)) return page(req, res, 'forgotten', { ...base, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!value) return page(req, res, 'forgotten', { ...base, error: 'Renseignez votre identifiant.' });
    await callApi(req, 'POST', '/password/forgotten', { body: { identifier: value } });
    return page(req, res, 'forgotten', { ...base, done: true });
  }

  @Get('mot-de-passe/creer')
  creationForm(@Req() req: Request, @Res() res: Response, @Query('jeton') token?: string) {
    return this.passwordPage(req, res, 'creation', typeof token === 'string' ? token : '');
  }

  @Post('mot-de-passe/creer')
  creationSubmit(@Req() req: Request, @Res() res: Response) {
    return this.passwordSubmit(req, res, 'creation');
  }

  @Get('mot-de-passe/reinitialiser')
  resetForm(@Req() req: Request, @Res() res: Response, @Query('jeton') token?: string) {
    return this.passwordPage(req, res, 'reset', typeof token === 'string' ? token : '');
  }

  @Post('mot-de-passe/reinitialiser')
  resetSubmit(@Req() req: Request, @Res() res: Response) {
    return this.passwordSubmit(req, res, 'reset');
  }

  /** GET-safe: showing the form consumes nothing; the link's token never leaks through the Referer header. */
  private passwordPage(req: Request, res: Response, kind: 'creation' | 'reset', token: string, extra: Record<string, unknown> = {}, status = 200) {
    res.setHeader('Referrer-Policy', 'no-referrer');
    const heading = kind === 'creation' ? 'Créer votre mot de passe' : 'Choisir un nouveau mot de passe';
    const context: Record<string, unknown> = {
      title: heading,
      heading,
      token,
      action: kind === 'creation' ? '/mot-de-passe/creer' : '/mot-de-passe/reinitialiser',
      submitLabel: kind === 'creation' ? 'Créer mon mot de passe' : 'Enregistrer mon nouveau mot de passe',
      breadcrumb: [{ label: 'Se connecter', href: '/' }, { label: heading }],
      ...extra,
    };
    if (!token && !extra.linkProblem && !extra.done) {
      context.linkProblem = "Ce lien n'est pas complet.";
      context.linkAdvice = advice(kind);
    }
    return page(req, res, 'password', context, status);
  }

  private async passwordSubmit(req: Request, res: Response, kind: 'creation' | 'reset') {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const token = typeof form.jeton === 'string' ? form.jeton : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const passwordConfirmation = typeof form.passwordConfirmation === 'string' ? form.passwordConfirmation : '';
    if (!checkFormToken(req)) return this.passwordPage(req, res, kind, token, { error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    const errors: Record<string, string> = {};
    if (!password) errors.password = 'Renseignez le mot de passe.';
    if (!passwordConfirmation) errors.passwordConfirmation = 'Confirmez le mot de passe.';
    else if (password && password !== passwordConfirmation) errors.passwordConfirmation = 'Les deux mots de passe ne sont pas identiques.';
    if (Object.keys(errors).length > 0) return this.passwordPage(req, res, kind, token, { errors });
    const body = { token, password, passwordConfirmation };
    // One endpoint for both links: the token says whether it is an invitation or a reset.
    const answer = await callApi(req, 'POST', '/password/setup', { body });
    if (answer.status >= 200 && answer.status < 300) {
      setFlash(req, res, {
        kind: 'success',
        message: kind === 'creation' ? 'Votre mot de passe a bien été créé. Vous pouvez maintenant vous connecter avec votre identifiant.' : 'Votre nouveau mot de passe est enregistré. Vous pouvez vous connecter.',
      });
      res.setHeader('Referrer-Policy', 'no-referrer');
      return res.redirect(303, '/');
    }
    if (answer.status === 400) {
      const fields = fieldErrors(answer.body);
      const mapped: Record<string, string> = {};
      for (const [field, message] of Object.entries(fields)) {
        if (field === 'passwordConfirmation') mapped.passwordConfirmation = message;
        else if (field === 'token') mapped.token = message;
        else mapped.password = mapped.password ?? message;
      }
      if (mapped.token && !mapped.password) return this.passwordPage(req, res, kind, token, { linkProblem: mapped.token, linkAdvice: advice(kind) });
      return this.passwordPage(req, res, kind, token, { errors: mapped, error: Object.keys(mapped).length ? undefined : apiMessage(answer, 'Le mot de passe est refusé.') });
    }
    if (answer.status === 410 || answer.status === 404) {
      const code = String((answer.body as { code?: string } | undefined)?.code ?? '');
      const fallback = code.endsWith('.used')
        ? 'Ce lien a déjà été utilisé : votre mot de passe a déjà été créé.'
        : answer.status === 410
          ? 'Ce lien a expiré.'
          : "Ce lien n'est pas valide.";
      return this.passwordPage(req, res, kind, token, { linkProblem: apiMessage(answer, fallback), linkAdvice: advice(kind) }, answer.status);
    }
    return this.passwordPage(req, res, kind, token, { error: apiMessage(answer, 'Le mot de passe ne peut pas être enregistré pour le moment. Réessayez.') });
  }
}

function crumbs(label: string) {
  return [{ label: 'Se connecter', href: '/' }, { label }];
}

function advice(kind: 'creation' | 'reset'): string {
  return kind === 'creation'
    ? "Si vous n'avez pas encore de mot de passe, demandez à un administrateur de votre établissement de vous envoyer un nouveau courriel de création du mot de passe. Si vous l'avez déjà créé, connectez-vous ou utilisez « Mot de passe oublié ? »."
    : 'Refaites une demande depuis « Mot de passe oublié ? » : le nouveau lien sera valable 1 heure.';
}

function profileCookie(req: Request): { rights?: Record<string, Level> } | undefined {
  const raw = (req.cookies as Record<string, string> | undefined)?.[PROFILE_COOKIE];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { rights?: Record<string, Level> | null };
    return parsed.rights ? { rights: parsed.rights } : undefined;
  } catch {
    return undefined;
  }
}

