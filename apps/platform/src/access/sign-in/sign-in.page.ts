import { Controller, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../authentication/access.decorators.js';
import { sessionTokenOf } from '../authentication/authentication.guard.js';
import { CSRF_COOKIE, apiMessage, callApi, fieldErrors, type ApiAnswer } from '../../shell/pages/api-client.js';
import { PageWriteGuard } from '../../shell/pages/guards.js';
import { takeReturnPath } from '../../shell/pages/return-to.js';
import { keepChallenge, pendingChallengeOf } from '../second-factor/code-page/challenge-cookie.js';
import { workstationCookieName } from '../second-factor/workstation-cookie.js';
import { ANON_CSRF_COOKIE, HOST_ANON_CSRF_COOKIE, PROFILE_COOKIE, actorOf, checkBrowserFormToken, checkFormToken, cookieOptions, page, setFlash } from '../../shell/pages/page-context.js';

/** The trusted-workstation token this browser holds (the API reads the cookie too, but the pages call it over loopback). */
function workstationOf(req: FastifyRequest): string | undefined {
  const cookies = (req.cookies ?? {}) as Record<string, string>;
  // Its name follows PEPS_PUBLIC_URL (`__Host-` over HTTPS), as the API set it.
  const token = cookies[workstationCookieName('https://')] ?? cookies[workstationCookieName('http://')];
  return typeof token === 'string' && token.length > 0 && token.length <= 200 ? token : undefined;
}

/**
 * The session the API just opened (a sign-in, or its second factor) becomes this browser's: the API's own
 * Set-Cookie headers (the session, and a trusted workstation's), the session's CSRF token for the page forms, and the
 * profile summary of the home page; the pre-session form token has done its work.
 */
export function adoptSession(req: FastifyRequest, res: FastifyReply, answer: ApiAnswer): void {
  const body = answer.body as { token?: string; csrfToken?: string; account?: Record<string, unknown> };
  const setCookies = answer.headers.getSetCookie();
  if (setCookies.length > 0) res.header('set-cookie', setCookies);
  else if (body.token) res.cookie(req.protocol === 'https' ? '__Host-peps_session' : 'peps_session', body.token, cookieOptions(req));
  if (body.csrfToken) res.cookie(CSRF_COOKIE, body.csrfToken, cookieOptions(req));
  const account = body.account ?? {};
  const summary = { rights: account.rights ?? null };
  res.cookie(PROFILE_COOKIE, Buffer.from(JSON.stringify(summary)).toString('base64url'), cookieOptions(req));
  res.clearCookie(ANON_CSRF_COOKIE, { path: '/' });
  res.clearCookie(HOST_ANON_CSRF_COOKIE, { path: '/', secure: true });
}

/** « Se connecter » (its form is the signed-out home page, `/`) and « Se déconnecter ». */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller()
export class SignInPage {
  @Post('connexion')
  async signIn(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const identifier = typeof form.identifier === 'string' ? form.identifier.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const again = (error: string, status = 200) => page(req, res, 'sign-in', { title: 'Se connecter', identifier, error }, status);
    if (!checkFormToken(req)) return again('Votre formulaire a expiré. Recommencez.', 403);
    if (!identifier || !password) return again('Renseignez votre identifiant et votre mot de passe.');
    const workstation = workstationOf(req);
    const answer = await callApi(req, 'POST', '/auth/login', { body: { identifier, password, ...(workstation ? { workstation } : {}) } });
    if (answer.status === 200 || answer.status === 201) {
      // A second factor is due: no session yet; the code page takes over with the challenge.
      const pending = pendingChallengeOf((answer.body as { secondFactor?: unknown } | undefined)?.secondFactor);
      if (pending) {
        keepChallenge(req, res, pending);
        return res.redirect('/connexion/code', 303);
      }
      adoptSession(req, res, answer);
      // Back to the page first asked for; with a second factor the home page does it once the code is accepted.
      return res.redirect(takeReturnPath(req, res) ?? '/', 303);
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
  async signOut(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const signedOut = () => {
      for (const name of ['peps_session', '__Host-peps_session', CSRF_COOKIE, PROFILE_COOKIE]) res.clearCookie(name, { path: '/', secure: name.startsWith('__Host-') });
      setFlash(req, res, { kind: 'info', message: 'Vous êtes déconnecté.' });
      return res.redirect('/', 303);
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
    return res.redirect('/', 303);
  }
}
