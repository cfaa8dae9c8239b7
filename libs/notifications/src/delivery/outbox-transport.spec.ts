import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import {
  createOutboxMailTransport,
  listOutbox,
  OutboxMailNotFoundError,
  readOutboxMail,
} from './outbox-transport.js';
import { stableMessageId } from './mail-transport.js';
import { GUIDE_LINK, guideMail } from './fixtures.js';

describe('stableMessageId', () => {
  it('is derived from the cause only', () => {
    const a = stableMessageId('account.created:1:password-creation', 'peps.localhost');
    expect(a).toMatch(/^<[0-9a-f]{32}@peps\.localhost>$/);
    expect(stableMessageId('account.created:1:password-creation', 'peps.localhost')).toBe(a);
    expect(stableMessageId('account.created:2:password-creation', 'peps.localhost')).not.toBe(a);
  });

  it('refuses an empty cause or a bad domain', () => {
    expect(() => stableMessageId('', 'peps.localhost')).toThrow(/causeKey/);
    expect(() => stableMessageId('x', 'not a domain>')).toThrow(/domain/);
  });
});

describe('outbox transport', () => {
  let folder: string;
  let clock: Date;
  beforeEach(async () => {
    folder = join(await mkdtemp(join(tmpdir(), 'peps-outbox-')), 'outbox');
    clock = new Date('2020-03-12T09:41:00.000Z');
  });
  afterEach(async () => {
    await rm(join(folder, '..'), { recursive: true, force: true });
  });

  it('writes an RFC 822 file named <timestamp>-<hash>.eml, readable back with accents and both parts', async () => {
    const outbox = createOutboxMailTransport({ folder, now: () => clock });
    const mail = guideMail();
    await expect(outbox.send(mail)).resolves.toEqual({ messageId: mail.messageId });

    const files = await readdir(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^20200312T094100\.000Z-[0-9a-f]{16}\.eml$/);
    expect(await outbox.fileFor(mail.messageId)).toBe(files[0]);

    const raw = await readFile(join(folder, files[0]));
    expect(raw.toString('latin1')).toMatch(/^Content-Type: multipart\/alternative/m);
    expect(raw.toString('latin1')).not.toMatch(/[^\x00-\x7f]/); // 7-bit clean on the wire

    const parsed = await simpleParser(raw);
    expect(parsed.messageId).toBe(mail.messageId);
    expect(parsed.subject).toBe('Vous pouvez créer votre mot de passe');
    expect(parsed.from?.value).toEqual([{ name: "PEP's", address: 'ne-pas-repondre@peps.localhost' }]);
    expect(parsed.date?.toISOString()).toBe('2020-03-12T09:41:00.000Z');
    expect(parsed.text).toContain('Attention ! pour des raisons de sécurité, vous avez 15 jours pour le créer.');
    expect(parsed.html).toContain('Créer mon mot de passe');
    expect(parsed.headers.get('x-peps-cause')).toBe('account.created:0f6a1c1e-guide:password-creation');
  });

  it('is idempotent per Message-ID: a resend writes nothing, even later or concurrently', async () => {
    const outbox = createOutboxMailTransport({ folder, now: () => clock });
    const mail = guideMail();
    await Promise.all([outbox.send(mail), outbox.send(mail), outbox.send(mail)]);
    clock = new Date('2020-03-12T10:00:00.000Z');
    await outbox.send(mail);
    // A restarted process (new transport instance) does not write it again either.
    await createOutboxMailTransport({ folder, now: () => clock }).send(mail);
    expect(await readdir(folder)).toHaveLength(1);

    await outbox.send(guideMail('account.created:other:password-creation'));
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/^20200312T100000\.000Z-/);
    expect(files.some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('lists newest first and reads a mail back for the viewer', async () => {
    const outbox = createOutboxMailTransport({ folder, now: () => clock });
    await outbox.send(guideMail('first'));
    clock = new Date('2020-03-13T08:00:00.000Z');
    await outbox.send({ ...guideMail('second'), subject: 'Réinitialisation de votre mot de passe', to: ['a@b.fr', 'c@d.fr'] });

    const list = await listOutbox(folder);
    expect(list.map((e) => e.subject)).toEqual(['Réinitialisation de votre mot de passe', 'Vous pouvez créer votre mot de passe']);
    expect(list[0].to).toEqual(['a@b.fr', 'c@d.fr']);
    expect(list[0].writtenAt.toISOString()).toBe('2020-03-13T08:00:00.000Z');
    expect(list[1].messageId).toBe(stableMessageId('first', 'peps.localhost'));
    expect(await listOutbox(folder, { limit: 1 })).toHaveLength(1);

    const mail = await readOutboxMail(folder, list[1].name);
    expect(mail.subject).toBe('Vous pouvez créer votre mot de passe');
    expect(mail.to).toEqual(['jean.louty@chu-nantes.fr']);
    expect(mail.text).toContain('Bonjour Monsieur Louty,');
    expect(mail.text).toContain(GUIDE_LINK);
    expect(mail.html).toContain(`href="${GUIDE_LINK.replace(/&/g, '&amp;')}"`);
    expect(mail.headers['message-id']).toBe(mail.messageId);
  });

  it('treats a missing folder as empty and refuses unknown or crafted names', async () => {
    expect(await listOutbox(join(folder, 'nope'))).toEqual([]);
    await expect(readOutboxMail(folder, '../../etc/passwd')).rejects.toBeInstanceOf(OutboxMailNotFoundError);
    await expect(readOutboxMail(folder, '20200312T094100.000Z-0123456789abcdef.eml')).rejects.toBeInstanceOf(
      OutboxMailNotFoundError,
    );
  });

  it('refuses a malformed Message-ID', async () => {
    const outbox = createOutboxMailTransport({ folder, now: () => clock });
    await expect(outbox.send({ ...guideMail(), messageId: 'no-brackets@x' })).rejects.toThrow(/Message-ID/);
  });
});
