import { Controller, Get, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { Public } from '../../authentication/access.decorators.js';
import { apiMessage, callApi, fieldErrors, type ApiAnswer } from '../../../shell/pages/api-client.js';
import { PageWriteGuard, handledFailure } from '../../../shell/pages/guards.js';
import { actorOf, checkFormToken, page, setFlash } from '../../../shell/pages/page-context.js';
import { otpauthUri, qrCodeSvg } from '../methods/totp.js';
import { groupedKey, isTotpSecret, labelledQrCode, passkeyRows, recoveryCodeList, shownInstant, workstationRows } from './security-view.js';

const HOME = '/mon-compte/securite';
const QR_LABEL_ID = 'qr-code-alternative';
/** The page's own script (the passkey form): served from beside the page, as the CSP allows 'self' only. */
/** Read once when the platform starts: no file system access on a request. */
const SCRIPT = readFileSync(new URL('./security-page.js', import.meta.url));
const EXPIRED_FORM = 'Votre formulaire a expiré. Recommencez.';

const breadcrumb = (current?: string) => [
  { label: 'Accueil', href: '/' },
  current ? { label: 'Sécurité', href: HOME } : { label: 'Sécurité' },
  ...(current ? [{ label: current }] : []),
];

const ok = (answer: ApiAnswer) => answer.status >= 200 && answer.status < 300;

/**
 * « Mon compte › Sécurité » (`/mon-compte/securite`), over the holder's own API (`/api/me/second-factor`,
 * `/api/me/passkeys`, `/api/me/workstations`): the authenticator app (QR code, manual key, recovery codes shown once),
 * passkeys (added with JavaScript only: WebAuthn lives in the browser) and trusted workstations. Operators (DRS,
 * auditors) have the same page: the API answers them the same way.
 */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller('mon-compte/securite')
export class SecurityPage {
  @Get()
  async overview(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query('cle') added?: string) {
    if (!signedIn(req, res)) return;
    return this.showOverview(req, res, added === 'ajoutee' ? { kind: 'success', message: 'Votre clé d’accès est enregistrée.' } : undefined);
  }

  @Get('security-page.js')
  script(@Res() res: FastifyReply) {
    return res.type('text/javascript; charset=utf-8').header('Cache-Control', 'public, max-age=300').send(SCRIPT);
  }

  /** « Ajouter une application »: a new secret, shown as a QR code and as a key to type. */
  @Post('application')
  async startTotp(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!signedIn(req, res)) return;
    if (!checkFormToken(req)) return this.backWith(req, res, EXPIRED_FORM);
    const answer = await callApi<{ secret: string; qrCodeSvg: string }>(req, 'POST', '/me/second-factor/totp');
    if (!ok(answer)) return this.refused(req, res, answer, "L'application d'authentification n'a pas pu être ajoutée.");
    return this.showEnrolment(req, res, answer.body.secret, answer.body.qrCodeSvg);
  }

  /**
   * The first code proves the app is set up: the answer is the only place the recovery codes ever appear (this POST
   * answers them, nothing keeps them; sending it again finds the app enrolled and leads back to the page).
   */
  @Post('application/confirmation')
  async confirmTotp(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!signedIn(req, res)) return;
    const form = (req.body ?? {}) as Record<string, unknown>;
    const code = String(form.code ?? '').replace(/\s+/g, '').slice(0, 64);
    const secret = isTotpSecret(form.secret) ? form.secret : undefined;
    const again = async (errors: Record<string, string>, status: number, error?: string) => {
      if (!secret) return this.backWith(req, res, error ?? errors.code ?? "Recommencez l'ajout de l'application.");
      // The secret the form carries is the holder's own, shown on this very page: drawn again, never trusted by the API.
      return this.showEnrolment(req, res, secret, await qrCodeSvg(otpauthUri(secret, actorOf(req)!.identifier)), { errors, error, code }, status);
    };
    if (!checkFormToken(req)) return again({}, 403, EXPIRED_FORM);
    if (!/^\d{6}$/.test(code)) return again({ code: 'Saisissez le code à 6 chiffres affiché par l’application.' }, 400);
    const answer = await callApi<{ recoveryCodes: string[] }>(req, 'POST', '/me/second-factor/totp/confirmation', { body: { code } });
    if (ok(answer)) {
      return page(req, res, 'security-recovery-codes', {
        title: 'Vos codes de secours',
        breadcrumb: breadcrumb('Codes de secours'),
        recoveryCodes: recoveryCodeList(answer.body),
        identifier: actorOf(req)!.identifier,
      });
    }
    if (answer.status === 409) {
      setFlash(req, res, { kind: 'info', message: `${apiMessage(answer, 'Cette application est déjà enregistrée.')} Les codes de secours ne s’affichent qu’une fois.` });
      return res.redirect(HOME, 303);
    }
    if (answer.status === 400) {
      const errors = fieldErrors(answer.body);
      return again({ code: errors.code ?? apiMessage(answer, "Le code saisi n'est pas valide.") }, 400);
    }
    return this.refused(req, res, answer, "L'application d'authentification n'a pas pu être confirmée.");
  }

  @Get('application/retrait')
  async removeTotpConfirm(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!signedIn(req, res)) return;
    return page(req, res, 'security-totp-removal', { title: "Retirer l'application d'authentification", breadcrumb: breadcrumb("Retirer l'application") });
  }

  @Post('application/retrait')
  async removeTotp(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    if (!signedIn(req, res)) return;
    if (!checkFormToken(req)) {
      return page(req, res, 'security-totp-removal', { title: "Retirer l'application d'authentification", breadcrumb: breadcrumb("Retirer l'application"), error: EXPIRED_FORM }, 403);
    }
    const answer = await callApi(req, 'DELETE', '/me/second-factor/totp');
    if (!ok(answer)) return this.refused(req, res, answer, "L'application d'authentification n'a pas pu être retirée.");
    setFlash(req, res, { kind: 'success', message: "L'application d'authentification est retirée, avec ses codes de secours." });
    return res.redirect(HOME, 303);
  }

  @Post('cles/:id/suppression')
  async removePasskey(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    return this.removeListed(req, res, `/me/passkeys/${encodeURIComponent(id)}`, {
      refused: "La clé d'accès n'a pas pu être supprimée.",
      done: 'La clé d’accès est supprimée : elle ne permet plus de vous connecter.',
    });
  }

  @Post('postes/:id/revocation')
  async revokeWorkstation(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Param('id') id: string) {
    return this.removeListed(req, res, `/me/workstations/${encodeURIComponent(id)}`, {
      refused: "Ce poste n'a pas pu être retiré.",
      done: 'Ce poste n’est plus un poste de confiance : le code sera demandé à la prochaine connexion.',
    });
  }

  /** A row's « Supprimer » form (a passkey, a trusted workstation): the API's DELETE, then back to the page with the outcome. */
  private async removeListed(req: FastifyRequest, res: FastifyReply, apiPath: string, messages: { refused: string; done: string }) {
    if (!signedIn(req, res)) return;
    if (!checkFormToken(req)) return this.backWith(req, res, EXPIRED_FORM);
    const answer = await callApi(req, 'DELETE', apiPath);
    if (!ok(answer)) return this.refused(req, res, answer, messages.refused);
    setFlash(req, res, { kind: 'success', message: messages.done });
    return res.redirect(HOME, 303);
  }

  private async showOverview(req: FastifyRequest, res: FastifyReply, flash?: { kind: 'success' | 'info' | 'error'; message: string }) {
    const base = { title: 'Sécurité de mon compte', breadcrumb: breadcrumb(), ...(flash ? { flash } : {}) };
    const [summary, passkeys] = await Promise.all([callApi(req, 'GET', '/me/second-factor'), callApi(req, 'GET', '/me/passkeys')]);
    if (handledFailure(req, res, summary, 'La page') || handledFailure(req, res, passkeys, 'La page')) return;
    const body = (summary.body ?? {}) as { required?: boolean; methods?: string[]; totp?: { enrolledAt?: string } | null; recoveryCodesLeft?: number; workstations?: unknown };
    const left = Number(body.recoveryCodesLeft ?? 0);
    return page(req, res, 'security', {
      ...base,
      operator: !actorOf(req)!.employerId,
      required: body.required === true,
      sms: (body.methods ?? []).includes('sms'),
      totp: body.totp ? { enrolledAt: shownInstant(body.totp.enrolledAt) } : undefined,
      recoveryCodesLeft: left,
      recoveryCodesPlural: left > 1,
      passkeys: passkeyRows(passkeys.body),
      workstations: workstationRows(body.workstations),
    });
  }

  private showEnrolment(
    req: FastifyRequest,
    res: FastifyReply,
    secret: string,
    svg: string,
    form: { errors?: Record<string, string>; error?: string; code?: string } = {},
    status = 200,
  ) {
    return page(
      req,
      res,
      'security-totp-enrolment',
      {
        title: "Ajouter une application d'authentification",
        breadcrumb: breadcrumb('Ajouter une application'),
        secret,
        groupedKey: groupedKey(secret),
        qrCode: labelledQrCode(svg, QR_LABEL_ID),
        qrLabelId: QR_LABEL_ID,
        errors: form.errors ?? {},
        error: form.error,
        code: form.code,
      },
      status,
    );
  }

  /** Back to the page with a message (an expired form, a refusal the page can explain). */
  private backWith(req: FastifyRequest, res: FastifyReply, message: string) {
    setFlash(req, res, { kind: 'error', message });
    return res.redirect(HOME, 303);
  }

  private refused(req: FastifyRequest, res: FastifyReply, answer: ApiAnswer, fallback: string) {
    if (answer.status !== 404 && answer.status !== 409 && handledFailure(req, res, answer, 'La page')) return;
    return this.backWith(req, res, apiMessage(answer, fallback));
  }
}

/** Every signed-in holder has this page; signed out, back to « Se connecter ». */
function signedIn(req: FastifyRequest, res: FastifyReply): boolean {
  if (actorOf(req)) return true;
  setFlash(req, res, { kind: 'info', message: 'Connectez-vous pour accéder à cette page.' });
  res.redirect('/', 303);
  return false;
}
