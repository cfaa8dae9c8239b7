import { Controller, Get, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../authentication/access.decorators.js';
import { callApi } from '../../shell/pages/api-client.js';
import { PageWriteGuard } from '../../shell/pages/guards.js';
import { checkFormToken, page } from '../../shell/pages/page-context.js';

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

/** « Identifiant oublié ? » and « Mot de passe oublié ? »: the same answer whether or not an account matches. */
@ApiExcludeController()
@Public()
@UseGuards(PageWriteGuard)
@Controller()
export class RecoveryPage {
  @Get('identifiant-oublie')
  identifierForm(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return page(req, res, 'forgotten', { ...forgottenIdentifier, title: forgottenIdentifier.heading, breadcrumb: crumbs(forgottenIdentifier.heading) });
  }

  @Post('identifiant-oublie')
  async identifierSend(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const value = String((req.body as Record<string, unknown>)?.email ?? '').trim();
    const base = { ...forgottenIdentifier, title: forgottenIdentifier.heading, breadcrumb: crumbs(forgottenIdentifier.heading), value };
    if (!checkFormToken(req)) return page(req, res, 'forgotten', { ...base, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!value) return page(req, res, 'forgotten', { ...base, error: 'Renseignez votre courriel.' });
    await callApi(req, 'POST', '/identifier/forgotten', { body: { email: value } });
    return page(req, res, 'forgotten', { ...base, done: true });
  }

  @Get('mot-de-passe-oublie')
  passwordForm(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    return page(req, res, 'forgotten', { ...forgottenPassword, title: forgottenPassword.heading, breadcrumb: crumbs(forgottenPassword.heading) });
  }

  @Post('mot-de-passe-oublie')
  async passwordSend(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const value = String((req.body as Record<string, unknown>)?.identifier ?? '').trim();
    const base = { ...forgottenPassword, title: forgottenPassword.heading, breadcrumb: crumbs(forgottenPassword.heading), value };
    if (!checkFormToken(req)) return page(req, res, 'forgotten', { ...base, error: 'Votre formulaire a expiré. Recommencez.' }, 403);
    if (!value) return page(req, res, 'forgotten', { ...base, error: 'Renseignez votre identifiant.' });
    await callApi(req, 'POST', '/password/forgotten', { body: { identifier: value } });
    return page(req, res, 'forgotten', { ...base, done: true });
  }
}

function crumbs(label: string) {
  return [{ label: 'Se connecter', href: '/' }, { label }];
}
