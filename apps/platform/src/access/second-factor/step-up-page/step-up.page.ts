import { Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PLATFORM_CLOCK, type PlatformClock } from '@peps/runtime';
import { CSRF_COOKIE, callApi, fieldErrors, type ApiAnswer } from '../../../shell/pages/api-client.js';
import { actorOf, checkFormToken, cookieOptions, page, setFlash, viewerOf } from '../../../shell/pages/page-context.js';
import { renderPage } from '../../../shell/pages/render.js';
import { isExpired, pendingChallengeOf, sendsEmailOnArrival } from '../code-page/challenge-cookie.js';
import { CODE_MISSING, SEND_FAILED, VERIFICATION_FAILED, codeFormView, messageOf, sendMethodOf, verificationOf, type CodeFormOptions } from '../code-page/code-form.js';
import { SECOND_FACTOR_REQUIRED } from '../step-up.service.js';
import { decodeContext, encodeContext, formFields, hiddenInputs, isLocalPath, type StepUpContext } from './step-up-context.js';
import { SecondFactorPage } from '../public-page.js';

const ACTION = '/verification';
const TITLE = 'Confirmez votre identité';

/** The API refused a sensitive action until a second factor is verified again (403 `second-factor.required`). */
export function needsStepUp(answer: ApiAnswer): boolean {
  return answer.status === 403 && (answer.body as { code?: unknown } | undefined)?.code === SECOND_FACTOR_REQUIRED;
}

/**
 * What a page of a sensitive action does with that 403: « Confirmez votre identité » in place, carrying the form the
 * user posted (`action`, `fields`: its request body), which goes again to its page once the code is verified.
 */
export async function renderStepUp(req: FastifyRequest, res: FastifyReply, answer: ApiAnswer, original: { action: string; fields: unknown; cancel?: string }): Promise<void> {
  const pending = pendingChallengeOf(answer.body);
  if (!pending || !isLocalPath(original.action)) {
    return page(req, res, 'error', { title: 'Accès refusé', heading: 'Accès refusé', message: messageOf(answer, "Cette action demande de confirmer votre identité.") }, 403);
  }
  const context: StepUpContext = { pending, action: original.action, fields: formFields(original.fields), cancel: isLocalPath(original.cancel) ? original.cancel : '/' };
  if (sendsEmailOnArrival(pending)) return sendCode(req, res, context, 'email');
  return renderForm(req, res, context, {});
}

async function sendCode(req: FastifyRequest, res: FastifyReply, context: StepUpContext, method: 'email' | 'sms'): Promise<void> {
  const answer = await callApi(req, 'POST', '/auth/second-factor/code', { body: { challenge: context.pending.challenge, method } });
  if (answer.status === 202) return renderForm(req, res, { ...context, pending: { ...context.pending, sent: method } }, { justSent: method, chosen: method });
  if (answer.status === 401) return renderContinuation(req, res, context, undefined);
  return renderForm(req, res, context, { error: messageOf(answer, SEND_FAILED) }, answer.status === 400 ? 400 : answer.status >= 500 ? 502 : 200);
}

function renderForm(req: FastifyRequest, res: FastifyReply, context: StepUpContext, options: Omit<CodeFormOptions, 'action' | 'stepUp' | 'hidden'>, status = 200): void {
  return page(
    req,
    res,
    'second-factor-code',
    {
      title: `${options.error ? 'Erreur — ' : ''}${TITLE}`,
      cancelHref: context.cancel,
      ...codeFormView(context.pending, { ...options, action: ACTION, stepUp: true, hidden: [{ name: '_stepUp', value: encodeContext(context) }] }),
    },
    status,
  );
}

/**
 * The page whose form posts the original fields again to their page: with the new session's CSRF token once the
 * identity is confirmed (sent at once by second-factor.js, « Continuer » without JavaScript), or — the challenge
 * having expired — with the current one, for the page to ask again.
 */
function renderContinuation(req: FastifyRequest, res: FastifyReply, context: StepUpContext, newCsrf: string | undefined): void {
  const csrf = newCsrf ?? String((req.body as Record<string, unknown> | undefined)?._csrf ?? '');
  const html = renderPage('step-up-continue', {
    title: newCsrf ? 'Identité confirmée' : 'Délai dépassé',
    confirmed: !!newCsrf,
    action: context.action,
    fields: hiddenInputs(context.fields),
    cancelHref: context.cancel,
    csrf,
    viewer: viewerOf(req),
  });
  res.code(200).header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
}

/** « Confirmez votre identité »: sends the code, verifies it with the session, then hands the action back. */
@SecondFactorPage(ACTION.slice(1))
export class StepUpPage {
  constructor(@Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock) {}

  @Post()
  async submit(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const context = decodeContext(form._stepUp);
    if (!actorOf(req)) {
      setFlash(req, res, { kind: 'info', message: 'Votre session a expiré. Connectez-vous de nouveau.' });
      return res.redirect('/', 303);
    }
    if (!context) {
      return page(req, res, 'error', { title: 'Vérification impossible', heading: 'Vérification impossible', message: "Cette vérification n'est plus valable. Recommencez votre action." }, 400);
    }
    if (!checkFormToken(req)) return renderForm(req, res, context, { error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (form.intent === 'passkey') {
      // passkeys.js had the API verify and rotate the session (its cookie is set); the form shows the new session's
      // CSRF token, which checkFormToken has just matched against it.
      const csrf = String(form._csrf);
      res.cookie(CSRF_COOKIE, csrf, cookieOptions(req));
      return renderContinuation(req, res, context, csrf);
    }
    if (isExpired(context.pending, this.clock.now())) return renderContinuation(req, res, context, undefined);
    if (form.intent === 'send') {
      const method = sendMethodOf(form, context.pending);
      if (!method) return renderForm(req, res, context, { error: "Cette méthode n'est pas disponible pour votre compte." }, 400);
      return sendCode(req, res, context, method);
    }
    const { method, code } = verificationOf(form, context.pending);
    if (!code) return renderForm(req, res, context, { error: CODE_MISSING, chosen: method }, 400);
    const answer = await callApi(req, 'POST', '/auth/second-factor/verify', { body: { challenge: context.pending.challenge, method, code } });
    if (answer.status === 200) {
      // The API rotated the session: its new cookie, and the new CSRF token the continuation carries.
      const setCookies = answer.headers.getSetCookie();
      if (setCookies.length > 0) res.header('set-cookie', setCookies);
      const csrf = String((answer.body as { csrfToken?: unknown }).csrfToken ?? '');
      res.cookie(CSRF_COOKIE, csrf, cookieOptions(req));
      return renderContinuation(req, res, context, csrf);
    }
    if (answer.status === 401 && isExpired(context.pending, this.clock.now())) return renderContinuation(req, res, context, undefined);
    const error = answer.status === 400 ? (Object.values(fieldErrors(answer.body))[0] ?? messageOf(answer, VERIFICATION_FAILED)) : messageOf(answer, VERIFICATION_FAILED);
    return renderForm(req, res, context, { error, chosen: method }, answer.status === 400 ? 400 : answer.status >= 500 ? 502 : 200);
  }
}

