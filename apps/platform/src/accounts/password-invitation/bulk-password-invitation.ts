import type { Request } from 'express';
import { apiMessage, callApi } from '../../shell/pages/api-client.js';
import { holderName } from '../../shell/pages/account-view.js';

/** The most accounts one « Renvoyer » may cover: a page of the list at its largest. */
export const BULK_INVITATION_LIMIT = 100;

export interface BulkInvitationOutcome {
  sent: number;
  refused: { accountId: string; who: string; reason: string }[];
}

/** The ids a form posted (`ids` once or many times), unique, well-formed, at most BULK_INVITATION_LIMIT. */
export function selectedIds(posted: unknown): string[] {
  const values = Array.isArray(posted) ? posted : posted === undefined ? [] : [posted];
  const ids = values.filter((v): v is string => typeof v === 'string' && /^[A-Za-z0-9-]{1,100}$/.test(v));
  return [...new Set(ids)];
}

/**
 * One `POST /api/accounts/:id/invitation` per account, one after the other: each goes through the same command,
 * rules and audit as the single button, and one refusal stops nothing else.
 */
export async function resendInvitations(req: Request, ids: readonly string[]): Promise<BulkInvitationOutcome> {
  const outcome: BulkInvitationOutcome = { sent: 0, refused: [] };
  for (const accountId of ids) {
    const answer = await callApi(req, 'POST', `/accounts/${encodeURIComponent(accountId)}/invitation`, { body: {} });
    if (answer.status >= 200 && answer.status < 300) {
      outcome.sent++;
      continue;
    }
    const reason = apiMessage(answer, 'Le courriel n’a pas pu être envoyé.');
    const details = await callApi(req, 'GET', `/accounts/${encodeURIComponent(accountId)}`);
    const body = (details.status === 200 ? details.body : {}) as Record<string, any>;
    const contact = body.contact ?? body;
    const who = details.status === 200 ? `${holderName(contact)} (${String(body.identifier ?? '')})` : 'Compte introuvable';
    outcome.refused.push({ accountId, who, reason });
  }
  return outcome;
}
