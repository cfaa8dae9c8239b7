import { randomUUID } from 'node:crypto';
import type { SqlDatabase } from '@peps/sql';
import type { SqlWrite } from '../../shell/command-side/one-statement.js';

/**
 * How a raw link token reaches the mail sender without ever being stored in clear in an event.
 *
 * Events carry only the token's SHA-256 (`account.password-invitation-issued`, `account.password-reset-requested`).
 * The command handler writes the raw token here, keyed by the id of the event that issued it, BEFORE appending that
 * event. The mail process manager, on seeing the event, reads the row by `event_id`, builds the link
 * (`${publicUrl}/mot-de-passe/creer?jeton=<token>` for an invitation, `/mot-de-passe/reinitialiser?jeton=<token>`
 * for a reset), sends the mail, then deletes the row (`consume`). Rows whose event was never appended are never read
 * and are purged after `expires_at` (`purgeExpired`).
 *
 * Purpose `identifier-reminder` ("Identifiant oublié ?") has no event and no token: `payload` holds the e-mail address
 * and the identifiers tied to it; the mail process manager sends it and deletes the row the same way.
 *
 * The table is defined once, by `outgoingLinksMigrations` of @peps/process-managers (applied by `migrateAuthSchema`).
 */
export type OutgoingLinkPurpose = 'invitation' | 'password-reset' | 'identifier-reminder';

export interface OutgoingLink {
  id: string;
  eventId: string | null;
  accountId: string | null;
  purpose: OutgoingLinkPurpose;
  token: string | null;
  payload: Record<string, unknown>;
  expiresAt: string;
}

export class OutgoingLinks {
  constructor(private readonly db: SqlDatabase) {}

  async put(link: Omit<OutgoingLink, 'id'>): Promise<string> {
    const id = randomUUID();
    const write = OutgoingLinks.insertion({ ...link, id });
    await this.db.query(write.sql, write.params);
    return id;
  }

  static insertion(link: OutgoingLink): SqlWrite {
    return {
      sql: `insert into auth.outgoing_links (id, event_id, account_id, purpose, token, payload, expires_at)
       values ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
      params: [link.id, link.eventId, link.accountId, link.purpose, link.token, JSON.stringify(link.payload), link.expiresAt],
    };
  }

  async forEvent(eventId: string): Promise<OutgoingLink | undefined> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      'select * from auth.outgoing_links where event_id = $1 and consumed_at is null',
      [eventId],
    );
    return rows[0] && toLink(rows[0]);
  }

  async pending(purpose: OutgoingLinkPurpose): Promise<OutgoingLink[]> {
    const { rows } = await this.db.query<Record<string, unknown>>(
      'select * from auth.outgoing_links where purpose = $1 and consumed_at is null order by created_at',
      [purpose],
    );
    return rows.map(toLink);
  }

  /** Deleted, not flagged: the raw token must not outlive the mail. */
  async consume(id: string): Promise<void> {
    await this.db.query('delete from auth.outgoing_links where id = $1', [id]);
  }

  async discardForEvent(eventId: string): Promise<void> {
    await this.db.query('delete from auth.outgoing_links where event_id = $1', [eventId]);
  }

  async purgeExpired(now: Date): Promise<void> {
    await this.db.query('delete from auth.outgoing_links where expires_at < $1', [now.toISOString()]);
  }
}

function toLink(row: Record<string, unknown>): OutgoingLink {
  return {
    id: String(row.id),
    eventId: (row.event_id as string | null) ?? null,
    accountId: (row.account_id as string | null) ?? null,
    purpose: row.purpose as OutgoingLinkPurpose,
    token: (row.token as string | null) ?? null,
    payload: (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>,
    expiresAt: new Date(row.expires_at as string).toISOString(),
  };
}
