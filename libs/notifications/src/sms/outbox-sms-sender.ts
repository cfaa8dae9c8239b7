import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { basicIso, fromBasicIso, outboxNames, removeIfPresent, writeAtomically } from '../delivery/outbox-files.js';
import { internationalDestination } from './phone-destination.js';
import type { SmsSender } from './sms-sender.js';

/**
 * Without `SMS_URL`, each SMS becomes a `.txt` file in the mail outbox folder, named like the mails'
 * `.eml` files: `<ISO-8601 basic timestamp>-<16 hex digits>.txt` (e.g. `20200312T094100.000Z-3f1c2a9be04d5c71.txt`;
 * random digits, an SMS has no Message-ID). Content: `To:` and `Date:` lines, a blank line, the text.
 * Writes are atomic (temporary file, fsync, rename).
 */
export interface OutboxSmsSenderOptions {
  folder: string;
  /** Clock for the file name and the `Date:` line. */
  now?: () => Date;
}

const SMS_NAME = /^(\d{8}T\d{6}\.\d{3}Z)-([0-9a-f]{16})\.txt$/;

export class OutboxSmsSender implements SmsSender {
  readonly folder: string;
  private readonly now: () => Date;
  private ready: Promise<unknown> | undefined;

  constructor(options: OutboxSmsSenderOptions) {
    this.folder = options.folder;
    this.now = options.now ?? (() => new Date());
  }

  /** Writes the SMS; resolves with the file name. The number is checked as the SMPP sender checks it. */
  async send(to: string, text: string): Promise<void> {
    await this.write(to, text);
  }

  async write(to: string, text: string): Promise<string> {
    if (typeof text !== 'string' || text === '') throw new TypeError('An SMS needs a text');
    const destination = `+${internationalDestination(to)}`;
    this.ready ??= mkdir(this.folder, { recursive: true });
    await this.ready;
    const at = this.now();
    const id = randomBytes(8).toString('hex');
    const name = `${basicIso(at)}-${id}.txt`;
    const tmp = join(this.folder, `.${id}.${process.pid}.tmp`);
    await writeAtomically(tmp, join(this.folder, name), `To: ${destination}\nDate: ${at.toISOString()}\n\n${text}\n`);
    return name;
  }

  async close(): Promise<void> {}
}

// ------------------------------------------------------------------ dev viewer (/dev/courriels)

export interface OutboxSms {
  /** File name, the key for `readOutboxSms`. */
  name: string;
  /** When the file was written (from its name). */
  writtenAt: Date;
  to: string;
  date?: Date;
  text: string;
}

export class OutboxSmsNotFoundError extends Error {
  override readonly name = 'OutboxSmsNotFoundError';
  constructor(readonly smsName: string) {
    super(`No SMS named ${JSON.stringify(smsName)} in the outbox`);
  }
}

function parseSms(name: string, content: string): OutboxSms {
  const normalised = content.replace(/\r\n/g, '\n');
  const blank = normalised.indexOf('\n\n');
  const head = blank >= 0 ? normalised.slice(0, blank) : '';
  const headers = new Map(
    head
      .split('\n')
      .map((line) => /^([A-Za-z-]+):\s*(.*)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1].toLowerCase(), m[2]] as const),
  );
  const date = headers.has('date') ? new Date(headers.get('date')!) : undefined;
  return {
    name,
    writtenAt: fromBasicIso(SMS_NAME.exec(name)![1]),
    to: headers.get('to') ?? '',
    date: date && !Number.isNaN(date.getTime()) ? date : undefined,
    text: (blank >= 0 ? normalised.slice(blank + 2) : normalised).replace(/\n$/, ''),
  };
}

/** The outbox's SMS, newest first. A missing folder is an empty outbox. */
export async function listOutboxSms(folder: string, options: { limit?: number } = {}): Promise<OutboxSms[]> {
  let names = (await outboxNames(folder, SMS_NAME)).reverse();
  if (options.limit !== undefined) names = names.slice(0, options.limit);
  return Promise.all(names.map(async (name) => parseSms(name, await readFile(join(folder, name), 'utf8'))));
}

/** One outbox SMS. Only names `listOutboxSms` gives are accepted. */
export async function readOutboxSms(folder: string, name: string): Promise<OutboxSms> {
  if (!SMS_NAME.test(name)) throw new OutboxSmsNotFoundError(name);
  try {
    return parseSms(name, await readFile(join(folder, name), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new OutboxSmsNotFoundError(name);
    throw error;
  }
}

// ------------------------------------------------------------------ erasure of a person's data

/** Deletes the outbox SMS `concerns` picks; a missing folder has none. Idempotent. Resolves with the names deleted. */
export async function deleteOutboxSms(folder: string, concerns: (sms: OutboxSms) => boolean): Promise<string[]> {
  const deleted: string[] = [];
  for (const sms of await listOutboxSms(folder)) {
    if (!concerns(sms)) continue;
    await removeIfPresent(join(folder, sms.name));
    deleted.push(sms.name);
  }
  return deleted;
}
