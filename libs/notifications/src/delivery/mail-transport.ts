import { createHash } from 'node:crypto';

/** A mail ready to leave: rendered parts plus its stable identity. */
export interface OutgoingMail {
  /** Recipient address (or several). */
  to: string | readonly string[];
  subject: string;
  html: string;
  text: string;
  /**
   * Stable Message-ID derived from the cause (see `stableMessageId`), angle brackets included:
   * a duplicate after a crash carries the same one.
   */
  messageId: string;
  /** `Date:` header; the transport's clock when omitted. */
  date?: Date;
  /** Extra headers, e.g. `{ 'X-Peps-Cause': 'account.created/…' }`. */
  headers?: Record<string, string>;
}

/** The delivery port. */
export interface MailTransport {
  send(message: OutgoingMail): Promise<{ messageId: string }>;
  /** Releases connections / resources. */
  close?(): Promise<void>;
}

/** Default sender of every mail. */
export const DEFAULT_MAIL_FROM = "PEP's <ne-pas-repondre@peps.localhost>";

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * `<sha256(causeKey) first 32 hex digits@domain>`: the same cause always gives the same Message-ID.
 * The cause key should name the event and the effect, e.g. `account.created:<eventId>:password-creation`.
 */
export function stableMessageId(causeKey: string, domain: string): string {
  if (typeof causeKey !== 'string' || causeKey.length === 0) {
    throw new TypeError('stableMessageId: causeKey must be a non-empty string');
  }
  if (!DOMAIN.test(domain)) {
    throw new TypeError(`stableMessageId: invalid domain ${JSON.stringify(domain)}`);
  }
  const hash = createHash('sha256').update(causeKey, 'utf8').digest('hex').slice(0, 32);
  return `<${hash}@${domain.toLowerCase()}>`;
}

/** Checks the shape `<local@domain>` of a Message-ID given to a transport. */
export function assertMessageId(messageId: string): void {
  if (!/^<[^<>\s@]+@[^<>\s@]+>$/.test(messageId)) {
    throw new TypeError(`Invalid Message-ID ${JSON.stringify(messageId)}: expected <local@domain>`);
  }
}

/** sha256 hex of a Message-ID, used to name outbox files. */
export function messageIdHash(messageId: string, length = 16): string {
  return createHash('sha256').update(messageId, 'utf8').digest('hex').slice(0, length);
}
