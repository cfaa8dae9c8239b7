import { randomUUID } from 'node:crypto';
import type { Actor } from '@peps/domain';
import { readAllCommitted } from '@peps/event-store/testing';
import { createSmtpMailTransport } from '@peps/notifications';
import { testDatabaseKinds } from '@peps/sql/testing';
import { startSmtpListener, type SmtpListener } from '@peps/testing';
import { ProcessManagerRunner } from '../runtime/process-manager-runner.js';
import { createProcessManagerTestDatabase } from '../testing/pm-test-database.js';
import { appendToAccount, seedAccount, seedEmployer } from '../testing/scenario.js';
import { planMails } from './mail-decisions.js';
import { mailManager } from './mail-manager.js';

const PUBLIC_URL = 'https://peps.example.fr';
const T0 = '2020-03-12T09:41:00.000Z';
const JEAN = 'jean.louty@chu-nantes.fr';

describe('second-factor mail decisions (event → mails)', () => {
  const drs: Actor = { kind: 'account', accountId: 'drs-1', roles: ['drs'] };

  it('warns the holder of a reset, with the cause as payload', () => {
    const reset = { type: 'account.second-factor-reset', data: { accountId: 'a1', resetBy: drs, resetAt: T0 } };
    expect(planMails(reset)).toEqual([{ kind: 'second-factor-reset', payload: reset.data }]);
  });

  it('warns the holder of a new trusted workstation, leaving the token digest out of the effect', () => {
    const trusted = {
      type: 'account.workstation-trusted',
      data: { accountId: 'a1', workstationId: 'w1', tokenDigest: 'f'.repeat(64), label: 'Firefox sur Windows', trustedAt: T0, expiresAt: '2020-03-19T09:41:00.000Z' },
    };
    const [effect] = planMails(trusted);
    expect(effect).toEqual({
      kind: 'new-workstation',
      payload: { accountId: 'a1', workstationId: 'w1', label: 'Firefox sur Windows', trustedAt: T0, expiresAt: '2020-03-19T09:41:00.000Z' },
    });
    expect(JSON.stringify(effect)).not.toContain('f'.repeat(64));
  });

  it('sends nothing for the other second-factor events (the code mail leaves from the platform itself)', () => {
    expect(() => planMails({ type: 'account.second-factor-code-issued', data: {} })).toThrow(/does not handle/);
    expect(() => planMails({ type: 'account.second-factor-verified', data: {} })).toThrow(/does not handle/);
  });
});

describe.each(testDatabaseKinds())('second-factor mails on %s against a real SMTP listener', (kind) => {
  let database: Awaited<ReturnType<typeof createProcessManagerTestDatabase>>;
  let smtp: SmtpListener;
  let transport: ReturnType<typeof createSmtpMailTransport>;

  const run = () =>
    new ProcessManagerRunner(
      mailManager({ store: database.store, db: database.db, transport, publicUrl: PUBLIC_URL, now: () => new Date(T0) }),
      database.store,
      database.db,
      { backoff: { baseMs: 20, maxMs: 100, maxAttempts: 3 } },
    ).runOnce();

  /** Madame Durand, administrator, and Jean Louty, user, of the guide's employer; their invitation mails flushed. */
  async function employerScenario() {
    const employerId = await seedEmployer(database.store, T0);
    const adminId = randomUUID();
    const admin: Actor = { kind: 'account', accountId: adminId, roles: ['administrator'], employerId };
    await seedAccount(database.store, {
      employerId,
      accountId: adminId,
      identifier: 'CDU000100',
      profile: 'administrator',
      civility: 'madame',
      firstName: 'Claire',
      lastName: 'Durand',
      email: 'claire.durand@chu-nantes.fr',
      createdAt: T0,
      db: database.db,
    });
    const jean = await seedAccount(database.store, { employerId, createdBy: admin, createdAt: T0, db: database.db });
    await run();
    smtp.received.length = 0;
    return { employerId, admin, jean };
  }

  beforeEach(async () => {
    database = await createProcessManagerTestDatabase(kind);
    smtp = await startSmtpListener();
    transport = createSmtpMailTransport({ url: smtp.url });
  });
  afterEach(async () => {
    await transport.close();
    await smtp.close();
    await database.destroy();
  });

  it('tells the holder that an administrator of the employer reset the second factor, naming her', async () => {
    const { admin, jean } = await employerScenario();
    await appendToAccount(database.store, jean.accountId, { type: 'account.second-factor-reset', data: { accountId: jean.accountId, resetBy: admin, resetAt: '2020-03-20T13:05:00.000Z' } }, '2020-03-20T13:05:00.000Z');
    await run();

    expect(smtp.received.map((m) => m.envelopeTo)).toEqual([[JEAN]]);
    const [mail] = smtp.received;
    expect(mail.parsed.subject).toBe('Votre double authentification a été réinitialisée');
    expect(mail.parsed.text!.replace(/\s+/g, ' ')).toContain(
      'Le 20/03/2020 à 14h05, Madame Durand, administratrice de votre établissement, a réinitialisé la double authentification de votre compte JLO000439',
    );
    const [sent] = await readAllCommitted(database.store, { eventTypes: ['notification.sent'] }).then((all) =>
      all.filter((e) => (e.data as { kind: string }).kind === 'second-factor-reset'),
    );
    expect(sent.data).toMatchObject({ accountId: jean.accountId, to: JEAN, causeType: 'account.second-factor-reset', messageId: mail.parsed.messageId });
  });

  it('names the DRS when a DRS operator reset an administrator’s second factor', async () => {
    const { employerId } = await employerScenario();
    const administrator = await seedAccount(database.store, { employerId, profile: 'administrator', identifier: 'PMA000200', email: 'paul.martin@chu-nantes.fr', lastName: 'Martin', createdAt: T0 });
    const operator: Actor = { kind: 'account', accountId: randomUUID(), roles: ['drs'] };
    await appendToAccount(database.store, administrator.accountId, { type: 'account.second-factor-reset', data: { accountId: administrator.accountId, resetBy: operator, resetAt: '2020-03-20T13:05:00.000Z' } }, '2020-03-20T13:05:00.000Z');
    await run();

    const mail = smtp.received.find((m) => m.envelopeTo.includes('paul.martin@chu-nantes.fr'))!;
    expect(mail.parsed.subject).toBe('Votre double authentification a été réinitialisée');
    const text = mail.parsed.text!.replace(/\s+/g, ' ');
    expect(text).toContain('Bonjour Monsieur Martin,');
    expect(text).toContain('la Direction des Retraites et de la Solidarité a réinitialisé la double authentification de votre compte PMA000200');
  });

  it('tells the holder a new workstation was trusted: when, which, until when', async () => {
    const { jean } = await employerScenario();
    const tokenDigest = 'ab'.repeat(32);
    await appendToAccount(
      database.store,
      jean.accountId,
      {
        type: 'account.workstation-trusted',
        data: { accountId: jean.accountId, workstationId: randomUUID(), tokenDigest, label: 'Firefox sur Windows', trustedAt: '2020-07-01T06:30:00.000Z', expiresAt: '2020-07-08T06:30:00.000Z' },
      },
      '2020-07-01T06:30:00.000Z',
    );
    await run();

    expect(smtp.received.map((m) => m.envelopeTo)).toEqual([[JEAN]]);
    const [mail] = smtp.received;
    expect(mail.parsed.subject).toBe('Connexion depuis un nouveau poste');
    const text = mail.parsed.text!.replace(/\s+/g, ' ');
    expect(text).toContain('Le 01/07/2020 à 08h30, une connexion à votre compte JLO000439 a été confirmée par la double authentification depuis un nouveau poste, enregistré comme poste de confiance : Firefox sur Windows.');
    expect(text).toContain("jusqu'au 08/07/2020 à 08h30");
    expect(mail.raw.toString()).not.toContain(tokenDigest);
    const { rows } = await database.db.query<{ payload: unknown }>(`select payload from pm.effects where kind = 'new-workstation'`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].payload)).not.toContain(tokenDigest);
  });

  it('sends nothing to a closed account', async () => {
    const { employerId, admin, jean } = await employerScenario();
    await appendToAccount(database.store, jean.accountId, { type: 'account.deleted', data: { accountId: jean.accountId, employerId, profile: 'user', deletedBy: admin, deletedAt: '2020-03-20T13:00:00.000Z' } }, '2020-03-20T13:00:00.000Z');
    await appendToAccount(database.store, jean.accountId, { type: 'account.second-factor-reset', data: { accountId: jean.accountId, resetBy: admin, resetAt: '2020-03-20T13:05:00.000Z' } }, '2020-03-20T13:05:00.000Z');
    await run();
    expect(smtp.received).toEqual([]);
    const { rows } = await database.db.query<{ status: string }>(`select status from pm.effects where kind = 'second-factor-reset'`);
    expect(rows.map((r) => r.status)).toEqual(['skipped']);
  });
});
