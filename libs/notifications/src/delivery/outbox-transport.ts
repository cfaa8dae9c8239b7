import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { composeRawMail } from './compose.js';
import { basicIso, fromBasicIso, outboxNames, removeIfPresent, writeAtomically } from './outbox-files.js';
import { DEFAULT_MAIL_FROM, messageIdHash, type MailTransport, type OutgoingMail } from './mail-transport.js';

/**
 * The embedded default's delivery: each mail becomes an RFC 822 `.eml` file in a folder,
 * named `<ISO-8601 basic timestamp>-<sha256(Message-ID) prefix>.eml`
 * (e.g. `20200312T094100.000Z-3f1c2a9be04d5c71.eml`; no colons, so the names are portable).
 * Writes are atomic (temporary file, fsync, rename) and idempotent per Message-ID.
 */
export interface OutboxTransportOptions {
  folder: string;
  from?: string;
  /** Clock for the file name and the `Date:` header when a mail carries none. */
  now?: () => Date;
}

const OUTBOX_NAME = /^(\d{8}T\d{6}\.\d{3}Z)-([0-9a-f]{16})\.eml$/;

async function filesWithHash(folder: string, hash: string): Promise<string[]> {
  const suffix = `-${hash}.eml`;
  return (await readdir(folder)).filter((name) => name.endsWith(suffix) && OUTBOX_NAME.test(name)).sort();
}

export interface OutboxMailTransport extends MailTransport {
  readonly folder: string;
  /** Name of the file holding this Message-ID, if it was written. */
  fileFor(messageId: string): Promise<string | undefined>;
}

export function createOutboxMailTransport(options: OutboxTransportOptions): OutboxMailTransport {
  const { folder } = options;
  const from = options.from ?? DEFAULT_MAIL_FROM;
  const now = options.now ?? (() => new Date());
  // Same-process callers sending the same Message-ID at once are serialised.
  const inFlight = new Map<string, Promise<{ messageId: string }>>();
  let ready: Promise<unknown> | undefined;

  async function write(message: OutgoingMail): Promise<{ messageId: string }> {
    ready ??= mkdir(folder, { recursive: true });
    await ready;
    const hash = messageIdHash(message.messageId);
    if ((await filesWithHash(folder, hash)).length > 0) return { messageId: message.messageId };

    const date = message.date ?? now();
    const raw = await composeRawMail(message, from, date);
    const name = `${basicIso(now())}-${hash}.eml`;
    const tmp = join(folder, `.${hash}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    await writeAtomically(tmp, join(folder, name), raw);
    // Another process may have raced us with the same Message-ID: everyone keeps the first name.
    const all = await filesWithHash(folder, hash);
    for (const extra of all.slice(1)) {
      if (extra === name) await unlink(join(folder, extra)).catch(() => undefined);
    }
    return { messageId: message.messageId };
  }

  return {
    folder,
    send(message: OutgoingMail) {
      const key = message.messageId;
      const pending = inFlight.get(key);
      if (pending) return pending;
      const promise = write(message).finally(() => inFlight.delete(key));
      inFlight.set(key, promise);
      return promise;
    },
    async fileFor(messageId: string) {
      try {
        return (await filesWithHash(folder, messageIdHash(messageId)))[0];
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async close() {
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}

// ------------------------------------------------------------------ dev viewer (/dev/courriels)

export interface OutboxEntry {
  /** File name, the key for `readOutboxMail`. */
  name: string;
  /** When the file was written (from its name). */
  writtenAt: Date;
  size: number;
  messageId?: string;
  subject?: string;
  to: string[];
  from?: string;
  date?: Date;
}

export interface OutboxMail extends OutboxEntry {
  html?: string;
  text?: string;
  headers: Record<string, string>;
}

export class OutboxMailNotFoundError extends Error {
  override readonly name = 'OutboxMailNotFoundError';
  constructor(readonly mailName: string) {
    super(`No mail named ${JSON.stringify(mailName)} in the outbox`);
  }
}

function addresses(value: AddressObject | AddressObject[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : [value]).flatMap((a) => a.value.map((v) => v.address ?? v.name));
}

function headerRecord(headers: Map<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of headers) {
    if (typeof value === 'string') out[key] = value;
    else if (value instanceof Date) out[key] = value.toISOString();
    else if (value && typeof value === 'object' && 'text' in value) out[key] = String((value as { text: unknown }).text);
    else if (value && typeof value === 'object' && 'value' in value) out[key] = String((value as { value: unknown }).value);
  }
  return out;
}

/** What the list shows of a mail: its file and its headers. */
function entryOf(name: string, size: number, parsed: ParsedMail): OutboxEntry {
  return {
    name,
    writtenAt: fromBasicIso(OUTBOX_NAME.exec(name)![1]),
    size,
    messageId: parsed.messageId,
    subject: parsed.subject,
    to: addresses(parsed.to),
    from: parsed.from?.text,
    date: parsed.date,
  };
}

/** The outbox's mails, newest first. A missing folder is an empty outbox. */
export async function listOutbox(folder: string, options: { limit?: number } = {}): Promise<OutboxEntry[]> {
  let names = (await outboxNames(folder, OUTBOX_NAME)).reverse();
  if (options.limit !== undefined) names = names.slice(0, options.limit);
  return Promise.all(
    names.map(async (name) => {
      const path = join(folder, name);
      const [raw, info] = await Promise.all([readFile(path), stat(path)]);
      // Headers only: everything before the first blank line.
      const end = raw.indexOf('\r\n\r\n');
      return entryOf(name, info.size, await simpleParser(end >= 0 ? raw.subarray(0, end + 4) : raw));
    }),
  );
}

/** One outbox mail, parsed (mailparser). Only names `listOutbox` gives are accepted. */
export async function readOutboxMail(folder: string, name: string): Promise<OutboxMail> {
  if (!OUTBOX_NAME.test(name)) throw new OutboxMailNotFoundError(name);
  const path = join(folder, name);
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new OutboxMailNotFoundError(name);
    throw error;
  }
  const parsed = await simpleParser(raw);
  return {
    ...entryOf(name, raw.length, parsed),
    html: parsed.html === false ? undefined : parsed.html,
    text: parsed.text,
    headers: headerRecord(parsed.headers as Map<string, unknown>),
  };
}

// ------------------------------------------------------------------ erasure of a person's data

/**
 * Deletes the outbox mails `concerns` picks (each read parsed, as `readOutboxMail` gives it); a missing folder has
 * none. Idempotent: a mail already gone is skipped. Resolves with the names deleted.
 */
export async function deleteOutboxMails(folder: string, concerns: (mail: OutboxMail, raw: string) => boolean): Promise<string[]> {
  const deleted: string[] = [];
  for (const name of await outboxNames(folder, OUTBOX_NAME)) {
    let mail: OutboxMail;
    let raw: string;
    try {
      [mail, raw] = await Promise.all([readOutboxMail(folder, name), readFile(join(folder, name), 'utf8')]);
    } catch (error) {
      if (error instanceof OutboxMailNotFoundError) continue;
      throw error;
    }
    if (!concerns(mail, raw)) continue;
    await removeIfPresent(join(folder, name));
    deleted.push(name);
  }
  return deleted;
}
