import type { Request } from 'express';
import { bulkAccountAction } from '../account-pages/bulk-account-action.js';

export interface BulkRenewalOutcome {
  renewed: number;
  refused: { accountId: string; who: string; reason: string }[];
}

/** « Renouveler » each selected account (see bulkAccountAction). */
export async function renewAccounts(req: Request, ids: readonly string[]): Promise<BulkRenewalOutcome> {
  const { done, refused } = await bulkAccountAction(req, ids, 'renewal', 'Le compte n’a pas pu être renouvelé.');
  return { renewed: done, refused };
}
