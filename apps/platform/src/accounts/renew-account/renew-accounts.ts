import type { FastifyRequest } from 'fastify';
import { bulkAccountAction } from '../account-pages/bulk-account-action.js';
import { selectedIds } from '../password-invitation/bulk-password-invitation.js';

export interface BulkRenewalOutcome {
  renewed: number;
  refused: { accountId: string; who: string; reason: string }[];
}

/** « Renouveler » each selected account (see bulkAccountAction). */
export async function renewAccounts(req: FastifyRequest, ids: readonly string[]): Promise<BulkRenewalOutcome> {
  const { done, refused } = await bulkAccountAction(req, ids, 'renewal', 'Le compte n’a pas pu être renouvelé.');
  return { renewed: done, refused };
}

/** A row's button posts `only`: that account alone, whatever is ticked; the button under the list posts the ticked `ids`. */
export function designatedAccounts(posted: Record<string, unknown>): string[] {
  const only = selectedIds(posted.only);
  return only.length > 0 ? only.slice(0, 1) : selectedIds(posted.ids);
}
