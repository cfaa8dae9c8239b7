import { join } from 'node:path';
import { createOutboxMailTransport } from './outbox-transport.js';
import { createSmtpMailTransport } from './smtp-transport.js';
import type { MailTransport } from './mail-transport.js';

export interface MailTransportConfig {
  /** `SMTP_URL`; when unset or empty, mails go to the outbox folder. */
  smtpUrl?: string;
  /** `PEPS_DATA_DIR`; the outbox is `<dataDir>/outbox`. */
  dataDir: string;
  from?: string;
  now?: () => Date;
}

/** SMTP when `SMTP_URL` is set, otherwise the `.eml` outbox of the embedded default. */
export function createMailTransport(config: MailTransportConfig): MailTransport & { kind: 'smtp' | 'outbox' } {
  if (config.smtpUrl && config.smtpUrl.trim() !== '') {
    return { kind: 'smtp', ...createSmtpMailTransport({ url: config.smtpUrl.trim(), from: config.from, now: config.now }) };
  }
  return { kind: 'outbox', ...createOutboxMailTransport({ folder: outboxFolder(config.dataDir), from: config.from, now: config.now }) };
}

export function outboxFolder(dataDir: string): string {
  return join(dataDir, 'outbox');
}
