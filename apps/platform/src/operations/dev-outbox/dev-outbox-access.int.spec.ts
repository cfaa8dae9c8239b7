import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutboxMailTransport, listOutbox, outboxFolder, OutboxSmsSender, readOutboxMail } from '@peps/notifications';
import { employerWithAdministrator, OPERATOR, startTestPlatform, type TestPlatform } from '../../testing/test-platform.js';

/** Security review, finding 1: the outbox viewer is a demonstration aid, never open outside demonstration mode. */
describe('/dev/courriels answers only in demonstration mode, never in production (HTTP)', () => {
  const dataDirs: string[] = [];
  const freshDataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'peps-outbox-'));
    dataDirs.push(dir);
    return dir;
  };
  afterAll(() => dataDirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** A mail carrying a link, put in the platform's outbox folder as the mail manager would. */
  async function mailInOutbox(dataDir: string): Promise<string> {
    const outbox = createOutboxMailTransport({ folder: outboxFolder(dataDir) });
    const messageId = `<${Date.now()}@peps.localhost>`;
    await outbox.send({
      to: 'claire.martin@etablissement.fr',
      subject: 'Réinitialisation de votre mot de passe',
      text: 'Lien : http://localhost:3000/mot-de-passe/creer?jeton=SECRET-LINK-TOKEN',
      html: '<p><a href="http://localhost:3000/mot-de-passe/creer?jeton=SECRET-LINK-TOKEN">Créer</a></p>',
      messageId,
    });
    return (await outbox.fileFor(messageId))!;
  }

  /** A sign-in code SMS, put in the same folder as the SMS sender does without SMS_URL. */
  const smsInOutbox = (dataDir: string): Promise<string> =>
    new OutboxSmsSender({ folder: outboxFolder(dataDir) }).write('06 12 34 56 78', "PEP's Comptes : votre code de connexion est 987654.");

  describe('no SMTP_URL, demonstration off (a PostgreSQL-like installation): the four-request takeover stops at the viewer', () => {
    let platform: TestPlatform;
    let dataDir: string;
    beforeAll(async () => {
      dataDir = freshDataDir();
      platform = await startTestPlatform({ PEPS_DEMO: '0', PEPS_RUN_WORKERS: '1', PEPS_DATA_DIR: dataDir });
    }, 60_000);
    afterAll(() => platform.close());

    it('the reset mail is written to the outbox folder, but neither the list nor the mail is served (404)', async () => {
      const drs = await platform.signIn(OPERATOR.identifier, OPERATOR.password);
      const { admin } = await employerWithAdministrator(platform, drs, 71);
      expect(platform.config.smtpUrl).toBeUndefined();
      expect((await platform.api('POST', '/api/password/forgotten', { body: { identifier: admin.identifier } })).status).toBe(202);

      // The mail manager delivers the invitation, then the reset link, to the outbox folder.
      const folder = outboxFolder(dataDir);
      const deadline = Date.now() + 20_000;
      let resetMail: string | undefined;
      while (!resetMail && Date.now() < deadline) {
        for (const entry of await listOutbox(folder).catch(() => [])) {
          if ((await readOutboxMail(folder, entry.name)).text?.includes('réinitialisation du mot de passe')) resetMail = entry.name;
        }
        if (!resetMail) await new Promise((r) => setTimeout(r, 200));
      }
      expect(resetMail).toBeDefined();
      expect((await readOutboxMail(folder, resetMail!)).text).toContain('jeton=');

      const list = await platform.api('GET', '/dev/courriels');
      expect(list.status).toBe(404);
      expect(String(list.body)).not.toContain('.eml');
      const mail = await platform.api('GET', `/dev/courriels/${resetMail}`);
      expect(mail.status).toBe(404);
      expect(JSON.stringify(mail.body)).not.toContain('jeton');
    }, 40_000);
  });

  describe.each([
    ['demonstration on', { PEPS_DEMO: '1' }, 200],
    ['NODE_ENV=production, even with PEPS_DEMO=1', { PEPS_DEMO: '1', NODE_ENV: 'production', PEPS_TEST_CLOCK: '0' }, 404],
    ['SMTP_URL set, even with PEPS_DEMO=1', { PEPS_DEMO: '1', SMTP_URL: 'smtp://127.0.0.1:1' }, 404],
  ] as const)('%s', (_label, env, expected) => {
    let platform: TestPlatform;
    let name: string;
    let smsName: string;
    beforeAll(async () => {
      const dataDir = freshDataDir();
      platform = await startTestPlatform({ ...env, PEPS_DATA_DIR: dataDir });
      name = await mailInOutbox(dataDir);
      smsName = await smsInOutbox(dataDir);
    }, 60_000);
    afterAll(() => platform.close());

    it(`GET /dev/courriels, GET /dev/courriels/<name>.eml and GET /dev/courriels/<name>.txt answer ${expected}`, async () => {
      const list = await platform.api('GET', '/dev/courriels');
      const mail = await platform.api('GET', `/dev/courriels/${encodeURIComponent(name)}`);
      const sms = await platform.api('GET', `/dev/courriels/${encodeURIComponent(smsName)}`);
      expect([list.status, mail.status, sms.status]).toEqual([expected, expected, expected]);
      if (expected === 200) {
        expect(list.body).toContain(name);
        expect(list.body).toContain(smsName);
        expect(list.body).toContain('votre code de connexion est 987654.');
        expect(mail.body).toContain('jeton=SECRET-LINK-TOKEN');
        expect(mail.headers.get('cache-control')).toBe('no-store');
        expect(sms.body).toContain('+33612345678');
        expect(sms.body).toContain('votre code de connexion est 987654.');
        expect((await platform.api('GET', '/dev/courriels/20200312T094100.000Z-0123456789abcdef.txt')).status).toBe(404);
      } else {
        expect(JSON.stringify(list.body)).not.toContain(name);
        expect(JSON.stringify(mail.body)).not.toContain('SECRET-LINK-TOKEN');
        expect(JSON.stringify(sms.body)).not.toContain('987654');
      }
    });
  });
});
