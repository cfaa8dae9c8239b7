import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutboxMailTransport, deleteOutboxMails } from './delivery/outbox-transport.js';
import { deleteOutboxSms, OutboxSmsSender } from './sms/outbox-sms-sender.js';

describe('erasing a person from the outbox', () => {
  let folder: string;
  beforeEach(async () => {
    folder = join(await mkdtemp(join(tmpdir(), 'peps-outbox-erasure-')), 'outbox');
  });
  afterEach(async () => {
    await rm(join(folder, '..'), { recursive: true, force: true });
  });

  it('given mails to two people, when hers are deleted, then only his remain, and deleting again deletes nothing', async () => {
    const outbox = createOutboxMailTransport({ folder, now: () => new Date('2020-03-12T09:41:00.000Z') });
    await outbox.send({ to: 'eulalie@chu.fr', subject: 'Bonjour Eulalie', text: 'Votre compte', html: '<p>Votre compte</p>', messageId: '<a@peps.localhost>' });
    await outbox.send({ to: 'jean@chu.fr', subject: 'Bonjour Jean', text: 'Le compte de Eulalie Zorglub est supprimé', html: '<p>x</p>', messageId: '<b@peps.localhost>' });
    await outbox.send({ to: 'jean@chu.fr', subject: 'Bonjour Jean', text: 'Votre compte', html: '<p>y</p>', messageId: '<c@peps.localhost>' });

    const deleted = await deleteOutboxMails(folder, (mail) => mail.to.includes('eulalie@chu.fr') || (mail.text ?? '').includes('Eulalie Zorglub'));

    expect(deleted).toHaveLength(2);
    expect(await readdir(folder)).toEqual([await outbox.fileFor('<c@peps.localhost>')]);
    expect(await deleteOutboxMails(folder, (mail) => mail.to.includes('eulalie@chu.fr'))).toEqual([]);
  });

  it('given SMS to two numbers, when hers are deleted, then only the other remains', async () => {
    const sms = new OutboxSmsSender({ folder, now: () => new Date('2020-03-12T09:41:00.000Z') });
    await sms.send('06 98 76 54 32', 'Votre code : 123456');
    const other = await sms.write('0611223344', 'Votre code : 654321');

    expect(await deleteOutboxSms(folder, (message) => message.to === '+33698765432')).toHaveLength(1);
    expect(await readdir(folder)).toEqual([other]);
  });

  it('given no outbox folder, then there is nothing to delete', async () => {
    expect(await deleteOutboxMails(join(folder, 'absent'), () => true)).toEqual([]);
    expect(await deleteOutboxSms(join(folder, 'absent'), () => true)).toEqual([]);
  });
});
