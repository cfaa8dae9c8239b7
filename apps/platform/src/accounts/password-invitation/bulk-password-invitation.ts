import type { FastifyRequest } from 'fastify';
import { bulkAccountAction } from '../account-pages/bulk-account-action.js';

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

/** « Renvoyer le courriel de création du mot de passe » for each selected account (see bulkAccountAction). */
export async function resendInvitations(req: FastifyRequest, ids: readonly string[]): Promise<BulkInvitationOutcome> {
  const { done, refused } = await bulkAccountAction(req, ids, 'invitation', 'Le courriel n’a pas pu être envoyé.');
  return { sent: done, refused };
}
