import nodemailer from 'nodemailer';
import { readGatewayUrl, socketHost } from '../gateway-url.js';
import { toNodemailerOptions } from './compose.js';
import { DEFAULT_MAIL_FROM, type MailTransport, type OutgoingMail } from './mail-transport.js';

export interface SmtpTransportOptions {
  /** `SMTP_URL`: `smtp://[user:pass@]host:port` or `smtps://…` (implicit TLS). */
  url: string;
  /** Sender; default `PEP's <ne-pas-repondre@peps.localhost>`. */
  from?: string;
  /** Pool size (default 5). */
  maxConnections?: number;
  /** Clock for the `Date:` header when a mail carries none. */
  now?: () => Date;
}

export class SmtpUrlError extends Error {
  override readonly name = 'SmtpUrlError';
}

export interface ParsedSmtpUrl {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  /** `?starttls=required|ignore`. */
  requireTLS: boolean;
  ignoreTLS: boolean;
  /** `?tls_reject_unauthorized=false` for self-signed servers in test set-ups. */
  rejectUnauthorized: boolean;
}

/**
 * Reads `SMTP_URL`. Errors name the variable and never echo a password.
 * Query parameters: `starttls=required|ignore`, `tls_reject_unauthorized=false`.
 */
export function parseSmtpUrl(value: string): ParsedSmtpUrl {
  const url = readGatewayUrl(value, () => new SmtpUrlError('SMTP_URL: expected smtp://host:port or smtps://host:port'));
  const shown = `${url.protocol}//${url.host}`;
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new SmtpUrlError(`SMTP_URL: unsupported scheme in ${shown} (expected smtp:// or smtps://)`);
  }
  if (!url.hostname) throw new SmtpUrlError('SMTP_URL: missing host');
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const starttls = url.searchParams.get('starttls');
  if (starttls !== null && starttls !== 'required' && starttls !== 'ignore' && starttls !== 'opportunistic') {
    throw new SmtpUrlError(`SMTP_URL: starttls must be required, ignore or opportunistic in ${shown}`);
  }
  const user = decodeURIComponent(url.username);
  return {
    host: socketHost(url),
    port,
    secure,
    ...(user ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    requireTLS: starttls === 'required',
    ignoreTLS: starttls === 'ignore',
    rejectUnauthorized: url.searchParams.get('tls_reject_unauthorized') !== 'false',
  };
}

export interface SmtpMailTransport extends MailTransport {
  /** Opens a connection and checks the server answers (for `/api/health`). */
  verify(): Promise<void>;
  close(): Promise<void>;
}

/** Delivery over SMTP with a connection pool (nodemailer). */
export function createSmtpMailTransport(options: SmtpTransportOptions): SmtpMailTransport {
  const parsed = parseSmtpUrl(options.url);
  const from = options.from ?? DEFAULT_MAIL_FROM;
  const now = options.now ?? (() => new Date());
  const transporter = nodemailer.createTransport({
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    host: parsed.host,
    port: parsed.port,
    secure: parsed.secure,
    requireTLS: parsed.requireTLS,
    ignoreTLS: parsed.ignoreTLS,
    ...(parsed.auth ? { auth: parsed.auth } : {}),
    tls: { rejectUnauthorized: parsed.rejectUnauthorized, servername: parsed.host },
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(message: OutgoingMail) {
      const info = await transporter.sendMail(toNodemailerOptions(message, from, message.date ?? now()));
      if (Array.isArray(info.rejected) && info.rejected.length > 0) {
        throw new Error(`SMTP server rejected ${info.rejected.length} recipient(s) of ${message.messageId}`);
      }
      return { messageId: info.messageId || message.messageId };
    },
    async verify() {
      await transporter.verify();
    },
    async close() {
      transporter.close();
    },
  };
}
