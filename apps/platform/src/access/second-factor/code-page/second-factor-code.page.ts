import { Get, Inject, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PLATFORM_CLOCK, type PlatformClock } from '@peps/runtime';
import { callApi, fieldErrors } from '../../../shell/pages/api-client.js';
import { actorOf, checkFormToken, page, setFlash } from '../../../shell/pages/page-context.js';
import { adoptSession } from '../../sign-in/sign-in.page.js';
import { forgetChallenge, isExpired, keepChallenge, readChallenge, sendsEmailOnArrival, type PendingChallenge } from './challenge-cookie.js';
import { CODE_MISSING, SEND_FAILED, VERIFICATION_FAILED, codeFormView, messageOf, sendMethodOf, verificationOf, type CodeFormOptions } from './code-form.js';
import { SecondFactorPage } from '../public-page.js';

const ACTION = '/connexion/code';
const EXPIRED = 'Le délai pour saisir le code de vérification est dépassé. Connectez-vous de nouveau.';

/**
 * « Vérification de votre identité », after the password when a second factor is due: the login's challenge waits
 * in a short-lived HttpOnly cookie (set by the sign-in page); the code comes by e-mail or SMS, or from an
 * authenticator application, a recovery code or a passkey (that one with JavaScript only).
 */
@SecondFactorPage(ACTION.slice(1))
export class SecondFactorCodePage {
  constructor(@Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock) {}

  @Get()
  async show(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const pending = this.live(req, res);
    if (!pending) return;
    // Nothing but a message can bring the code: it is sent at once, once per challenge (a reload sends no other).
    if (sendsEmailOnArrival(pending)) return this.send(req, res, pending, 'email');
    return this.render(req, res, pending, {});
  }

  @Post()
  async submit(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const pending = this.live(req, res);
    if (!pending) return;
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (!checkFormToken(req)) return this.render(req, res, pending, { error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    const trustChecked = form.trustWorkstation === '1';
    switch (form.intent) {
      case 'send': {
        const method = sendMethodOf(form, pending);
        if (!method) return this.render(req, res, pending, { error: "Cette méthode n'est pas disponible pour votre compte." }, 400);
        return this.send(req, res, pending, method);
      }
      case 'passkey':
        // passkeys.js had the API open the session (its cookie is set); the form shows that session's CSRF token,
        // which checkFormToken has just matched against it.
        if (!actorOf(req)) return this.render(req, res, pending, { error: "La clé d'accès n'a pas ouvert de session. Recommencez, ou utilisez une autre méthode." }, 400);
        adoptSession(req, res, { status: 200, body: { csrfToken: String(form._csrf) }, headers: new Headers() });
        forgetChallenge(req, res);
        return res.redirect('/', 303);
      default: {
        const { method, code } = verificationOf(form, pending);
        if (!code) return this.render(req, res, pending, { error: CODE_MISSING, chosen: method, trustChecked }, 400);
        const answer = await callApi(req, 'POST', '/auth/second-factor/verify', { body: { challenge: pending.challenge, method, code, trustWorkstation: trustChecked } });
        if (answer.status === 200) {
          adoptSession(req, res, answer);
          forgetChallenge(req, res);
          return res.redirect('/', 303);
        }
        // A wrong code and a dead challenge get the same answer from the API: the challenge's own end tells them apart.
        if (answer.status === 401 && isExpired(pending, this.clock.now())) return this.expired(req, res);
        const error = answer.status === 400 ? (Object.values(fieldErrors(answer.body))[0] ?? messageOf(answer, VERIFICATION_FAILED)) : messageOf(answer, VERIFICATION_FAILED);
        // As « Se connecter » does for a wrong password: the page itself is answered normally.
        return this.render(req, res, pending, { error, chosen: method, trustChecked }, answer.status === 400 ? 400 : answer.status >= 500 ? 502 : 200);
      }
    }
  }

  private async send(req: FastifyRequest, res: FastifyReply, pending: PendingChallenge, method: 'email' | 'sms') {
    const answer = await callApi(req, 'POST', '/auth/second-factor/code', { body: { challenge: pending.challenge, method } });
    if (answer.status === 202) {
      const sent = { ...pending, sent: method };
      keepChallenge(req, res, sent);
      return this.render(req, res, sent, { justSent: method, chosen: method });
    }
    // The challenge is used, expired, or its account locked since: the sign-in starts again.
    if (answer.status === 401) return this.expired(req, res);
    return this.render(req, res, pending, { error: messageOf(answer, SEND_FAILED) }, answer.status === 400 ? 400 : answer.status >= 500 ? 502 : 200);
  }

  /** The challenge of the cookie while it lives; otherwise back to « Se connecter », with why. */
  private live(req: FastifyRequest, res: FastifyReply): PendingChallenge | undefined {
    const pending = readChallenge(req);
    if (pending && !isExpired(pending, this.clock.now())) return pending;
    this.expired(req, res);
    return undefined;
  }

  private expired(req: FastifyRequest, res: FastifyReply) {
    forgetChallenge(req, res);
    setFlash(req, res, { kind: 'info', message: EXPIRED });
    return res.redirect('/', 303);
  }

  private render(req: FastifyRequest, res: FastifyReply, pending: PendingChallenge, options: Omit<CodeFormOptions, 'action' | 'stepUp'>, status = 200) {
    return page(
      req,
      res,
      'second-factor-code',
      { title: `${options.error ? 'Erreur — ' : ''}Vérification de votre identité`, ...codeFormView(pending, { ...options, action: ACTION, stepUp: false }) },
      status,
    );
  }
}
