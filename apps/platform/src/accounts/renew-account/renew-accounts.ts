import type { Request } from 'express';
import { holderName } from '../../shell/pages/account-view.js';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';

export interface BulkRenewalOutcome {
  renewed: number;
  refused: { accountId: string; who: string; reason: string }[];
}

/**
 * One `POST /api/accounts/:id/renewal` per account, one after the other: each is the same command, rules and
 * audit as a single renewal, and one refusal stops nothing else.
 */
export async function renewAccounts(req: Request, ids: readonly string[]): Promise<BulkRenewalOutcome> {
  const outcome: BulkRenewalOutcome = { renewed: 0, refused: [] };
  for (const accountId of ids) {
    const answer = await callApi(req, 'POST', `/accounts/${encodeURIComponent(accountId)}/renewal`, { body: {} });
    if (answer.status >= 200 && answer.status < 300) {
      outcome.renewed++;
      continue;
    }
    const reason = apiMessage(answer, 'Le compte n’a pas pu être renouvelé.');
    const details = await callApi(req, 'GET', `/accounts/${encodeURIComponent(accountId)}`);
    const body = (details.status === 200 ? details.body : {}) as Record<string, any>;
    const contact = body.contact ?? body;
    const who = details.status === 200 ? `${holderName(contact)} (${String(body.identifier ?? '')})` : 'Compte introuvable';
    outcome.refused.push({ accountId, who, reason });
  }
  return outcome;
}
