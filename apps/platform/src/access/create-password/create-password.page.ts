import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../authentication/access.decorators.js';
import { apiMessage, callApi, fieldErrors } from '../../shell/pages/api-client.js';
import { PageWriteGuard } from '../../shell/pages/guards.js';
import { checkFormToken, page, setFlash } from '../../shell/pages/page-context.js';
import { LinkTokens } from '../links/link-tokens.js';
import { WriteSide } from '../../shell/command-side/write-side.js';
import { LinkStatus } from './link-status.js';

/**
 * « Créer votre mot de passe » (the invitation's link) and « Choisir un nouveau mot de passe » (the reset's link):
 * one form, one endpoint (`POST /api/password/setup`), the token says which.
 */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller()
export class CreatePasswordPage {
  private readonly links: LinkStatus;

  constructor(linkTokens: LinkTokens, writeSide: WriteSide) {
    this.links = new LinkStatus(linkTokens, writeSide);
  }

  @Get('mot-de-passe/creer')
  creationForm(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query('jeton') token?: string) {
    return this.linkPage(req, res, 'creation', typeof token === 'string' ? token : '');
  }

  @Post('mot-de-passe/creer')
  creationSubmit(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.passwordSubmit(req, res, 'creation');
  }

  @Get('mot-de-passe/reinitialiser')
  resetForm(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Query('jeton') token?: string) {
    return this.linkPage(req, res, 'reset', typeof token === 'string' ? token : '');
  }

  /** An expired, used or unknown link says so at once, instead of a form that can only fail. */
  private async linkPage(req: FastifyRequest, res: FastifyReply, kind: 'creation' | 'reset', token: string) {
    const problem = token ? await this.links.problemOf(kind, token) : undefined;
    if (problem) return this.passwordPage(req, res, kind, token, { linkProblem: problem }, 410);
    return this.passwordPage(req, res, kind, token);
  }

  @Post('mot-de-passe/reinitialiser')
  resetSubmit(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return this.passwordSubmit(req, res, 'reset');
  }

  /** GET-safe: showing the form consumes nothing; the link's token never leaks through the Referer header. */
  private passwordPage(req: FastifyRequest, res: FastifyReply, kind: 'creation' | 'reset', token: string, extra: Record<string, unknown> = {}, status = 200) {
    res.header('Referrer-Policy', 'no-referrer');
    const heading = kind === 'creation' ? 'Créer votre mot de passe' : 'Choisir un nouveau mot de passe';
    const context: Record<string, unknown> = {
      title: heading,
      heading,
      token,
      action: kind === 'creation' ? '/mot-de-passe/creer' : '/mot-de-passe/reinitialiser',
      submitLabel: kind === 'creation' ? 'Créer mon mot de passe' : 'Enregistrer mon nouveau mot de passe',
      breadcrumb: [{ label: 'Se connecter', href: '/' }, { label: heading }],
      resetLink: kind === 'reset',
      ...extra,
    };
    if (!token && !extra.linkProblem && !extra.done) {
      context.linkProblem = "Ce lien n'est pas complet.";
      context.linkAdvice = advice(kind);
    }
    return page(req, res, 'password', context, status);
  }

  private async passwordSubmit(req: FastifyRequest, res: FastifyReply, kind: 'creation' | 'reset') {
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
      res.header('Referrer-Policy', 'no-referrer');
      return res.redirect('/', 303);
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
      // The same single sentence as on opening the link (it may have expired or been used while the page was open).
      const problem = (await this.links.problemOf(kind, token)) ?? apiMessage(answer, "Ce lien n'est pas valide.");
      return this.passwordPage(req, res, kind, token, { linkProblem: problem }, answer.status);
    }
    return this.passwordPage(req, res, kind, token, { error: apiMessage(answer, 'Le mot de passe ne peut pas être enregistré pour le moment. Réessayez.') });
  }
}

function advice(kind: 'creation' | 'reset'): string {
  return kind === 'creation'
    ? "Si vous n'avez pas encore de mot de passe, demandez à un administrateur de votre établissement de vous envoyer un nouveau courriel de création du mot de passe. Si vous l'avez déjà créé, connectez-vous ou utilisez « Mot de passe oublié ? »."
    : 'Refaites une demande depuis « Mot de passe oublié ? » : le nouveau lien sera valable 1 heure.';
}
