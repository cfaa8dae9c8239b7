import type { FastifyRequest } from 'fastify';
import { holderName } from '../../shell/pages/account-view.js';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';

export interface BulkOutcome {
  done: number;
  refused: { accountId: string; who: string; reason: string }[];
}

/**
 * `POST /api/accounts/:id/<action>` for each selected account, one after the other: each goes through the same
 * command, rules and audit as the single button, and one refusal stops nothing else. A refusal names the holder
 * and gives the API's French reason (`fallback` when it has none).
 */
export async function bulkAccountAction(req: FastifyRequest, ids: readonly string[], action: string, fallback: string): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: 0, refused: [] };
  for (const accountId of ids) {
    const answer = await callApi(req, 'POST', `/accounts/${encodeURIComponent(accountId)}/${action}`, { body: {} });
    if (answer.status >= 200 && answer.status < 300) {
      outcome.done++;
      continue;
    }
    const reason = apiMessage(answer, fallback);
    const details = await callApi(req, 'GET', `/accounts/${encodeURIComponent(accountId)}`);
    const body = (details.status === 200 ? details.body : {}) as Record<string, any>;
    const contact = body.contact ?? body;
    const who = details.status === 200 ? `${holderName(contact)} (${String(body.identifier ?? '')})` : 'Compte introuvable';
    outcome.refused.push({ accountId, who, reason });
  }
  return outcome;
}
