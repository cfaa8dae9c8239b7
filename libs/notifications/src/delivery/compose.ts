import MailComposer from 'nodemailer/lib/mail-composer';
import type { SendMailOptions } from 'nodemailer';
import { assertMessageId, type OutgoingMail } from './mail-transport.js';

/** nodemailer message options for an outgoing mail (UTF-8, quoted-printable text parts). */
export function toNodemailerOptions(message: OutgoingMail, from: string, date: Date): SendMailOptions {
  assertMessageId(message.messageId);
  if (!message.subject || !message.html || !message.text) {
    throw new TypeError('An outgoing mail needs a subject, an HTML part and a text part');
  }
  const to = typeof message.to === 'string' ? [message.to] : [...message.to];
  if (to.length === 0) throw new TypeError('An outgoing mail needs at least one recipient');
  return {
    from,
    to,
    subject: message.subject,
    html: message.html,
    text: message.text,
    messageId: message.messageId,
    date,
    headers: { 'Auto-Submitted': 'auto-generated', ...(message.headers ?? {}) },
    textEncoding: 'quoted-printable',
    encoding: 'utf-8',
    // No remote or file content may ever be pulled into a mail.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

/**
 * The RFC 822 bytes of a mail, with a fixed MIME boundary derived from the Message-ID
 * so that the same mail at the same date gives the same bytes.
 */
export async function composeRawMail(message: OutgoingMail, from: string, date: Date): Promise<Buffer> {
  const options = toNodemailerOptions(message, from, date);
  const composer = new MailComposer({
    ...options,
    baseBoundary: `peps-${message.messageId.replace(/[^a-z0-9]/gi, '').slice(0, 24)}`,
    xMailer: false,
  } as ConstructorParameters<typeof MailComposer>[0]);
  return composer.compile().build();
}
