import type { FastifyReply, FastifyRequest } from 'fastify';
import { allow } from '../../shell/pages/guards.js';
import { checkFormToken, page } from '../../shell/pages/page-context.js';
import { BULK_INVITATION_LIMIT } from '../password-invitation/bulk-password-invitation.js';

export interface BulkActionPage<K extends string> {
  /** The result page, also shown with the error when the form is refused. */
  template: string;
  title: string;
  /** Said when the form designates no account. */
  noneSelected: string;
  /** The accounts the form designates. */
  select: (body: Record<string, unknown>) => string[];
  run: (req: FastifyRequest, ids: string[]) => Promise<Record<K, number> & { refused: unknown[] }>;
  /** The outcome's count of accounts done (`<counted>Plural` tells the page whether to agree in the plural). */
  counted: K;
}

/**
 * A bulk action posted from the account list (no JavaScript needed): an administrator's, with a fresh form token
 * and 1 to BULK_INVITATION_LIMIT accounts, or nothing is done. `back` returns to the list as it was.
 */
export async function bulkActionPage<K extends string>(req: FastifyRequest, res: FastifyReply, body: Record<string, unknown>, action: BulkActionPage<K>) {
  if (!allow(req, res, 'administrator')) return;
  const back = typeof body.back === 'string' && /^\/comptes(\?[^\s]*)?$/.test(body.back) ? body.back : '/comptes';
  const view = (context: Record<string, unknown>, status = 200) => page(req, res, action.template, { title: action.title, back, ...context }, status);
  if (!checkFormToken(req)) return view({ error: 'Votre formulaire a expiré. Recommencez.' }, 400);
  const ids = action.select(body);
  if (ids.length === 0) return view({ error: action.noneSelected }, 400);
  if (ids.length > BULK_INVITATION_LIMIT) return view({ error: `Cochez au plus ${BULK_INVITATION_LIMIT} comptes à la fois.` }, 400);
  const outcome = await action.run(req, ids);
  const refusedCount = outcome.refused.length;
  return view({ ...outcome, [`${action.counted}Plural`]: outcome[action.counted] > 1, refusedCount, refusedPlural: refusedCount > 1 });
}
