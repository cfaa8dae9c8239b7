import { Get, Req, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { effectiveRights } from '@peps/domain';
import { WriteSide } from '../../command-side/write-side.js';
import { rightsView, toAccountView, toCatalogue, type Level } from '../account-view.js';
import { callApi } from '../api-client.js';
import { PROFILE_COOKIE, actorOf, page, viewerOf } from '../page-context.js';
import { PageController } from '../page-controller.js';
import { takeReturnPath } from '../return-to.js';

/** `/`: « Se connecter » signed out; signed in, « Accueil » with the holder's own services. */
@PageController()
export class HomePage {
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
  async home(@Req() req: FastifyRequest, @Res() res: FastifyReply) {
    const actor = actorOf(req);
    if (!actor) return page(req, res, 'sign-in', { title: 'Se connecter', bodyClass: 'page-sign-in' });
    // The second-factor code page lands here: go on to the page asked for before signing in, if any.
    const returnPath = takeReturnPath(req, res);
    if (returnPath && returnPath !== '/') return res.redirect(returnPath, 303);
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
}

/** The holder's rights as the sign-in answered them, kept for when the API cannot say. */
function profileCookie(req: FastifyRequest): { rights?: Record<string, Level> } | undefined {
  const raw = (req.cookies as Record<string, string> | undefined)?.[PROFILE_COOKIE];
  if (!raw) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { rights?: Record<string, Level> | null };
    return parsed.rights ? { rights: parsed.rights } : undefined;
  } catch {
    return undefined;
  }
}
