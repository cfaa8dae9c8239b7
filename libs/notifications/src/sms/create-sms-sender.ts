import { outboxFolder } from '../delivery/create-mail-transport.js';
import { OutboxSmsSender } from './outbox-sms-sender.js';
import type { SmsSender } from './sms-sender.js';
import { SmppSmsSender } from './smpp-sms-sender.js';

export interface SmsSenderConfig {
  /** `SMS_URL` (`smpp://user:password@host:port`); when unset or empty, SMS go to the outbox folder. */
  smsUrl?: string;
  /** `PEPS_DATA_DIR`; the outbox is `<dataDir>/outbox`, beside the mails. */
  dataDir: string;
  now?: () => Date;
}

/** SMPP when `SMS_URL` is set, otherwise `.txt` files in the outbox of the embedded default. */
export function createSmsSender(config: SmsSenderConfig): SmsSender & { kind: 'smpp' | 'outbox'; close(): Promise<void> } {
  const url = config.smsUrl?.trim();
  const sender = url ? new SmppSmsSender({ url }) : new OutboxSmsSender({ folder: outboxFolder(config.dataDir), now: config.now });
  return {
    kind: url ? 'smpp' : 'outbox',
    send: (to, text) => sender.send(to, text),
    close: () => sender.close(),
  };
}
