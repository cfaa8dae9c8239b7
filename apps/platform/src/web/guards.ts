import type { Request, Response } from 'express';
import { actorOf, page, setFlash } from './page-context.js';
import type { ApiAnswer } from './api-client.js';

/** Page access: signed out → back to "Se connecter"; wrong role → a French refusal page. True when allowed. */
export function allow(req: Request, res: Response, role: 'administrator' | 'drs' | 'auditor' | Array<'administrator' | 'drs' | 'auditor'>): boolean {
  const actor = actorOf(req);
  if (!actor) {
    setFlash(req, res, { kind: 'info', message: 'Connectez-vous pour accéder à cette page.' });
    res.redirect(303, '/');
    return false;
  }
  const roles = Array.isArray(role) ? role : [role];
  if (!roles.some((r) => actor.roles.includes(r))) {
    page(req, res, 'error', { title: 'Accès refusé', heading: 'Accès refusé', message: "Votre profil ne permet pas d'accéder à cette page." }, 403);
    return false;
  }
  return true;
}

/** An API answer the page cannot go on with: signed out, refused, missing. True when handled. */
export function handledFailure(req: Request, res: Response, answer: ApiAnswer, what: string): boolean {
  if (answer.status === 401) {
    setFlash(req, res, { kind: 'info', message: 'Votre session a expiré. Connectez-vous de nouveau.' });
    res.redirect(303, '/');
    return true;
  }
  if (answer.status === 403) {
    const message = (answer.body as { message?: string } | undefined)?.message ?? "Vous n'êtes pas autorisé à effectuer cette action.";
    page(req, res, 'error', { title: 'Accès refusé', heading: 'Accès refusé', message }, 403);
    return true;
  }
  if (answer.status === 404) {
    page(req, res, 'error', { title: `${what} introuvable`, heading: `${what} introuvable`, message: `${what} n'existe pas ou n'est pas visible depuis votre compte.` }, 404);
    return true;
  }
  if (answer.status >= 500) {
    page(req, res, 'error', { title: 'Erreur', heading: 'Service momentanément indisponible', message: 'Une erreur inattendue est survenue. Réessayez dans quelques instants.' }, 502);
    return true;
  }
  return false;
}
