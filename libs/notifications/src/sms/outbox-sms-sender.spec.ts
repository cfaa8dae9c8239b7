import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSmsSender } from './create-sms-sender.js';
import { listOutboxSms, OutboxSmsNotFoundError, OutboxSmsSender, readOutboxSms } from './outbox-sms-sender.js';
import { SmsDeliveryError } from './sms-sender.js';
import { smsCodeText } from './sms-text.js';

describe('outbox SMS sender (no SMS_URL)', () => {
  let dataDir: string;
  let folder: string;
  let clock: Date;
  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'peps-sms-'));
    folder = join(dataDir, 'outbox');
    clock = new Date('2020-03-12T09:41:00.000Z');
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes one <timestamp>-<id>.txt file per SMS: To and Date lines, a blank line, the text', async () => {
    const outbox = new OutboxSmsSender({ folder, now: () => clock });
    await outbox.send('06 12 34 56 78', smsCodeText('123456'));

    const files = await readdir(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^20200312T094100\.000Z-[0-9a-f]{16}\.txt$/);
    expect(await readFile(join(folder, files[0]), 'utf8')).toBe(
      "To: +33612345678\nDate: 2020-03-12T09:41:00.000Z\n\nPEP's Comptes : votre code de connexion est 123456. Il est valable 5 minutes. Ne le communiquez à personne.\n",
    );
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('keeps every SMS, even the same text twice at the same instant', async () => {
    const outbox = new OutboxSmsSender({ folder, now: () => clock });
    await Promise.all([outbox.send('0612345678', 'Un'), outbox.send('0612345678', 'Un')]);
    expect(await readdir(folder)).toHaveLength(2);
  });

  it('refuses what the SMPP sender refuses: a number that is no mobile, an empty text', async () => {
    const outbox = new OutboxSmsSender({ folder, now: () => clock });
    await expect(outbox.send('02 41 05 19 38', 'x')).rejects.toBeInstanceOf(SmsDeliveryError);
    await expect(outbox.send('0612345678', '')).rejects.toThrow(/text/);
    expect(await listOutboxSms(folder)).toEqual([]);
  });

  it('lists newest first, beside the mails, and reads one back for the viewer', async () => {
    const sender = createSmsSender({ dataDir, now: () => clock });
    expect(sender.kind).toBe('outbox');
    await sender.send('0612345678', smsCodeText('111111'));
    clock = new Date('2020-03-13T08:00:00.000Z');
    await sender.send('+33 7 98 76 54 32', smsCodeText('222222'));
    await writeFile(join(folder, '20200314T080000.000Z-0123456789abcdef.eml'), 'not an SMS');

    const list = await listOutboxSms(folder);
    expect(list.map((sms) => [sms.to, sms.text.match(/\d{6}/)?.[0], sms.writtenAt.toISOString()])).toEqual([
      ['+33798765432', '222222', '2020-03-13T08:00:00.000Z'],
      ['+33612345678', '111111', '2020-03-12T09:41:00.000Z'],
    ]);
    expect(list[0].date?.toISOString()).toBe('2020-03-13T08:00:00.000Z');
    expect(await listOutboxSms(folder, { limit: 1 })).toHaveLength(1);

    const sms = await readOutboxSms(folder, list[1].name);
    expect(sms.text).toBe(smsCodeText('111111'));
  });

  it('treats a missing folder as empty and refuses unknown or crafted names', async () => {
    expect(await listOutboxSms(join(folder, 'nope'))).toEqual([]);
    await expect(readOutboxSms(folder, '../../etc/passwd')).rejects.toBeInstanceOf(OutboxSmsNotFoundError);
    await expect(readOutboxSms(folder, '20200312T094100.000Z-0123456789abcdef.txt')).rejects.toBeInstanceOf(OutboxSmsNotFoundError);
  });

  it('goes to SMPP when SMS_URL is set', async () => {
    const sender = createSmsSender({ dataDir, smsUrl: 'smpp://peps:x@127.0.0.1:1' });
    expect(sender.kind).toBe('smpp');
    await sender.close();
  });
});
