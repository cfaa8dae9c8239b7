import { createHash } from 'node:crypto';
import type { SqlExecutor } from '@peps/sql';

export type LinkPurpose = 'invitation' | 'password-reset';

/**
 * The raw tokens of e-mailed links never enter the event log (only their sha256 does). The write side
 * (apps/platform/src/access/links/outgoing-links.ts) writes each new one to `auth.outgoing_links` (defined in
 * ./outgoing-links-migrations.ts), keyed by the id of the event issuing it, before appending that event; this manager
 * reads it by the cause event's id, checks it against the event's hash, builds the link, and deletes the row once the
 * mail is recorded as sent.
 */
export async function readOutgoingToken(
  db: SqlExecutor,
  link: { eventId: string; accountId: string; tokenHash: string; purpose: LinkPurpose },
): Promise<string | null> {
  const { rows } = await db.query<{ token: string | null; account_id: string | null }>(
    `select token, account_id::text as account_id from auth.outgoing_links where event_id = $1 and purpose = $2`,
    [link.eventId, link.purpose],
  );
  const row = rows[0];
  if (!row?.token || row.account_id !== link.accountId) return null;
  // The row must hold the very token whose hash the event recorded: a mismatch would mail a link that fails.
  return createHash('sha256').update(row.token, 'utf8').digest('hex') === link.tokenHash ? row.token : null;
}

export async function deleteOutgoingToken(db: SqlExecutor, eventId: string): Promise<void> {
  await db.query('delete from auth.outgoing_links where event_id = $1', [eventId]);
}

/** Pages of the platform the links open (the token travels in the query string, as the guide's links do). */
export function passwordLink(publicUrl: string, purpose: LinkPurpose, token: string): string {
  const page = purpose === 'invitation' ? 'mot-de-passe/creer' : 'mot-de-passe/reinitialiser';
  return `${publicUrl.replace(/\/+$/, '')}/${page}?jeton=${encodeURIComponent(token)}`;
}

/** Rows "Identifiant oublié ?" requests left for the mail sender (no event: see the write side's outgoing-links.ts). */
export interface IdentifierReminderRow {
  id: string;
  email: string;
  accountIds: string[];
  requestedAt: string;
}

export async function pendingIdentifierReminders(db: SqlExecutor, limit = 100): Promise<IdentifierReminderRow[]> {
  // A database the table was never migrated on (outgoing-links-migrations.ts) has nothing to take yet.
  const { rows: exists } = await db.query<{ t: string | null }>(`select to_regclass('auth.outgoing_links')::text as t`);
  if (!exists[0]?.t) return [];
  const { rows } = await db.query<{ id: string; payload: Record<string, unknown> | string; created_at: Date | string }>(
    `select id::text as id, payload, created_at from auth.outgoing_links
      where purpose = 'identifier-reminder' and consumed_at is null order by created_at limit $1`,
    [limit],
  );
  return rows.map((row) => {
    const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as { email?: unknown; accountIds?: unknown };
    return {
      id: row.id,
      email: typeof payload.email === 'string' ? payload.email : '',
      accountIds: Array.isArray(payload.accountIds) ? payload.accountIds.filter((a): a is string => typeof a === 'string') : [],
      requestedAt: new Date(row.created_at).toISOString(),
    };
  });
}
