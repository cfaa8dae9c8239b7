import type { FastifyReply, FastifyRequest } from 'fastify';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { checkFormToken, setFlash } from '../../shell/pages/page-context.js';

/**
 * A button of « Modifier le compte » that needs no form of its own (`POST /api/accounts/:id/<action>`): the outcome
 * is a flash message on the account's page.
 */
export async function accountAction(req: FastifyRequest, res: FastifyReply, id: string, action: string, success: string): Promise<void> {
  if (!allow(req, res, 'administrator')) return;
  if (!checkFormToken(req)) {
    setFlash(req, res, { kind: 'error', message: 'Votre formulaire a expiré. Recommencez.' });
    return res.redirect(`/comptes/${encodeURIComponent(id)}`, 303);
  }
  const answer = await callApi(req, 'POST', `/accounts/${encodeURIComponent(id)}/${action}`, { body: {} });
  if (answer.status >= 200 && answer.status < 300) setFlash(req, res, { kind: 'success', message: success });
  else if (answer.status === 401 || answer.status === 404) {
    handledFailure(req, res, answer, 'Le compte');
    return;
  } else setFlash(req, res, { kind: 'error', message: apiMessage(answer, "L'action n'a pas pu être effectuée.") });
  return res.redirect(`/comptes/${encodeURIComponent(id)}`, 303);
}
