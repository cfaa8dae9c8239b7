import { randomUUID } from 'node:crypto';
import { createSmtpMailTransport } from '@peps/notifications';
import { testDatabaseKinds } from '@peps/sql/testing';
import { listDeliveries } from '../deliveries.js';
import { ProcessManagerRunner } from '../runtime/process-manager-runner.js';
import { notificationStream } from '@peps/domain';
import { createProcessManagerTestDatabase } from '../testing/pm-test-database.js';
import { appendToAccount, seedAccount, seedEmployer, sha256Hex, stageOutgoingLink, toNew } from '../testing/scenario.js';
import { startSmtpListener, type SmtpListener } from '@peps/testing';
import { IDENTIFIER_REMINDER_REQUESTED, identifierReminderRequested, identifierReminderStream } from './identifier-reminder.js';
import { mailManager } from './mail-manager.js';
import { readAllCommitted } from '@peps/event-store/testing';

const PUBLIC_URL = 'https://peps.example.fr';
const T0 = '2020-03-12T09:41:00.000Z';

describe.each(testDatabaseKinds())('mail manager on %s against a real SMTP listener', (kind) => {
  let database: Awaited<ReturnType<typeof createProcessManagerTestDatabase>>;
  let smtp: SmtpListener;
  let transport: ReturnType<typeof createSmtpMailTransport>;
  let now = new Date(T0);

  const runner = (options: ConstructorParameters<typeof ProcessManagerRunner>[3] = {}) =>
    new ProcessManagerRunner(
      mailManager({ store: database.store, db: database.db, transport, publicUrl: PUBLIC_URL, now: () => now }),
      database.store,
      database.db,
      { backoff: { baseMs: 20, maxMs: 100, maxAttempts: 3 }, ...options },
    );

  async function guideScenario() {
    const employerId = await seedEmployer(database.store, T0);
    const creatorId = randomUUID();
    // The guide's creator, "Monsieur Louty (joignable au 0241051938)", an administrator of the employer.
    await seedAccount(database.store, {
      employerId,
      accountId: creatorId,
      identifier: 'PLO000438',
      profile: 'administrator',
      firstName: 'Pierre',
      email: 'pierre.louty@chu-nantes.fr',
      createdBy: { kind: 'account', accountId: creatorId, roles: ['administrator'], employerId },
      createdAt: '2020-03-01T08:00:00.000Z',
      db: database.db,
    });
    const jean = await seedAccount(database.store, {
      employerId,
      profile: 'administrator',
      createdBy: { kind: 'account', accountId: creatorId, roles: ['administrator'], employerId },
      createdAt: T0,
      db: database.db,
    });
    return { employerId, creatorId, jean };
  }

  beforeEach(async () => {
    database = await createProcessManagerTestDatabase(kind);
    smtp = await startSmtpListener();
    transport = createSmtpMailTransport({ url: smtp.url });
    now = new Date(T0);
  });
  afterEach(async () => {
    await transport.close();
    await smtp.close();
    await database.destroy();
  });

  const mailsTo = (address: string) => smtp.received.filter((m) => m.envelopeTo.includes(address));

  it("sends the guide's mail to Jean Louty with every element, a working link, and records it once", async () => {
    const { jean } = await guideScenario();
    await runner().runOnce();

    const [mail] = mailsTo('jean.louty@chu-nantes.fr');
    expect(mailsTo('jean.louty@chu-nantes.fr')).toHaveLength(1);
    expect(mail.parsed.subject).toBe('Vous pouvez créer votre mot de passe');
    const text = mail.parsed.text!.replace(/\s+/g, ' ');
    for (const sentence of [
      'Bonjour Monsieur Louty,',
      "Le 12/03/2020, Monsieur Louty (joignable au 0241051938), vous a créé un compte en tant qu'administrateur à la Plateforme Employeurs Publics pour l'établissement CHRU DE NANTES VP201.",
      'Pour finaliser la procédure, vous devez créer votre mot de passe.',
      'Attention ! pour des raisons de sécurité, vous avez 15 jours pour le créer. Passé ce délai, Monsieur Louty devra procéder à une nouvelle demande.',
      "Le représentant légal de votre établissement a été informé de cette démarche par courrier à l'adresse 5 ALLEE DE L ILE GLORIETTE, BP 1005, 44035 NANTES CEDEX 1.",
    ]) {
      expect(text).toContain(sentence);
    }
    // The link carries the very token the write side left in auth.outgoing_links.
    const link = `${PUBLIC_URL}/mot-de-passe/creer?jeton=${jean.token}`;
    expect(mail.parsed.text!.split('\n')).toContain(link);
    const hrefs = [...(mail.parsed.html as string).matchAll(/href="([^"]*jeton[^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
    expect(hrefs).toEqual([link]);
    expect(new URL(hrefs[0]).searchParams.get('jeton')).toBe(jean.token);
    // Used, then forgotten: the raw token does not outlive the mail.
    const { rows } = await database.db.query(`select 1 from auth.outgoing_links where purpose = 'invitation' and account_id = $1`, [jean.accountId]);
    expect(rows).toHaveLength(0);

    // Recorded with the stable Message-ID, and the token is nowhere in the log.
    const sent = (await readAllCommitted(database.store, { eventTypes: ['notification.sent'] })).filter(
      (e) => (e.data as { accountId: string }).accountId === jean.accountId,
    );
    expect(sent).toHaveLength(1);
    expect((sent[0].data as { messageId: string }).messageId).toBe(mail.parsed.messageId);
    expect(sent[0].stream).toBe(notificationStream(sent[0].id));
    const all = await readAllCommitted(database.store, { limit: 10_000 });
    expect(JSON.stringify(all.map((e) => e.data))).not.toContain(jean.token);

    // A replay from zero sends nothing again.
    await database.db.query(`update pm.checkpoints set transaction_id = '0', position = 0`);
    await database.db.query(`delete from pm.effects`);
    const before = smtp.received.length;
    await runner().runOnce();
    expect(smtp.received.length).toBe(before);
  });

  it('reads what the mails of one dispatch batch share once, records them in one append and marks them done together', async () => {
    const { employerId, creatorId } = await guideScenario();
    for (let i = 0; i < 3; i++) {
      await seedAccount(database.store, {
        employerId,
        profile: 'user',
        email: `agent.${i}@chu-nantes.fr`,
        createdBy: { kind: 'account', accountId: creatorId, roles: ['administrator'], employerId },
        createdAt: T0,
        db: database.db,
      });
    }
    // Count the mail manager's stream reads: the batch's mails share the employer and the creator's account.
    const reads: string[] = [];
    const counting = new Proxy(database.store, {
      get(target, property, receiver) {
        if (property === 'readStream') return (stream: string, options?: object) => (reads.push(stream), target.readStream(stream, options));
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await new ProcessManagerRunner(
      mailManager({ store: counting, db: database.db, transport, publicUrl: PUBLIC_URL, now: () => now }),
      database.store,
      database.db,
      { concurrency: 8 },
    ).runOnce();
    expect(reads.filter((stream) => stream === `employer-${employerId}`)).toHaveLength(1);
    expect(reads.filter((stream) => stream === `account-${creatorId}`)).toHaveLength(1);

    const sent = await readAllCommitted(database.store, { eventTypes: ['notification.sent'] });
    expect(sent).toHaveLength(5);
    expect(smtp.received).toHaveLength(5);
    // Five mails due at once, one batch: their records share the append's transaction.
    expect(new Set(sent.map((e) => e.transactionId.toString())).size).toBe(1);
    const { rows } = await database.db.query<{ status: string; n: number }>('select status, count(*)::int as n from pm.effects group by status');
    expect(rows).toEqual([{ status: 'done', n: 5 }]);
    const left = await database.db.query(`select 1 from auth.outgoing_links where purpose = 'invitation'`);
    expect(left.rows).toHaveLength(0);
  });

  it('retries a refused delivery with backoff, records each failure, then delivers', async () => {
    await guideScenario();
    smtp.refuse(3);
    const pm = runner({ backoff: { baseMs: 250, maxMs: 1_000, maxAttempts: 5 } });
    await pm.runOnce();
    const retrying = await listDeliveries(database.db, { status: 'retrying' });
    expect(retrying.length).toBeGreaterThan(0);
    expect(retrying[0].lastError).toMatch(/451|Boîte pleine/);
    const failed = await readAllCommitted(database.store, { eventTypes: ['notification.failed'] });
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0].data).toMatchObject({ attempt: 1, gaveUp: false });
    for (let i = 0; i < 40 && smtp.received.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await pm.drain();
    }
    expect(mailsTo('jean.louty@chu-nantes.fr')).toHaveLength(1);
    expect(mailsTo('pierre.louty@chu-nantes.fr')).toHaveLength(1);
    expect(await listDeliveries(database.db, { status: 'retrying' })).toHaveLength(0);
  });

  it('gives up after the last attempt and shows the delivery as failed to the DRS', async () => {
    await guideScenario();
    smtp.refuse(100);
    const pm = runner();
    await pm.runOnce();
    for (let i = 0; i < 10; i++) {
      await new Promise((r) => setTimeout(r, 110));
      await pm.drain();
    }
    const failed = await listDeliveries(database.db, { status: 'failed' });
    expect(failed.map((d) => d.kind)).toEqual(['password-invitation', 'password-invitation']);
    expect(failed[0]).toMatchObject({ attempts: 3, status: 'failed' });
    const gaveUp = (await readAllCommitted(database.store, { eventTypes: ['notification.failed'] })).filter((e) => (e.data as { gaveUp: boolean }).gaveUp);
    expect(gaveUp).toHaveLength(2);
  });

  it('sets a poison event aside and goes on with the next ones', async () => {
    await database.store.append(identifierReminderStream(randomUUID()), [{ ...identifierReminderRequested({} as never, { id: randomUUID(), correlationId: randomUUID() }), data: { nonsense: true }, metadata: { actor: 'anonymous', correlationId: 'c', occurredAt: T0 } }], {
      expectedVersion: 'no-stream',
    });
    await guideScenario();
    await runner().runOnce();
    expect(mailsTo('jean.louty@chu-nantes.fr')).toHaveLength(1);
    const { rows } = await database.db.query<{ event_type: string }>('select event_type from pm.poison_events');
    expect(rows.map((r) => r.event_type)).toEqual([IDENTIFIER_REMINDER_REQUESTED]);
  });

  it('tells the holder and the other administrators when the DRS cancels a registration', async () => {
    const { employerId, creatorId, jean } = await guideScenario();
    await runner().runOnce();
    const before = smtp.received.length;
    const cancelledAt = '2020-03-20T10:00:00.000Z';
    await database.store.appendMany([
      {
        stream: `account-${jean.accountId}`,
        expectedVersion: 'stream-exists',
        events: [
          toNew(
            {
              type: 'account.administrator-registration-cancelled',
              data: { accountId: jean.accountId, employerId, reason: 'Le représentant légal conteste « cette » inscription', outcome: 'closed', cancelledBy: { kind: 'account', accountId: 'drs', roles: ['drs'] }, cancelledAt },
            },
            cancelledAt,
          ),
        ],
      },
      {
        stream: `employer-${employerId}`,
        expectedVersion: 'stream-exists',
        events: [toNew({ type: 'employer.administrator-removed', data: { employerId, accountId: jean.accountId, reason: 'cancellation', removedAt: cancelledAt } }, cancelledAt)],
      },
    ]);
    await runner().runOnce();
    const arrived = smtp.received.slice(before);
    expect(arrived.map((m) => m.envelopeTo[0]).sort()).toEqual(['jean.louty@chu-nantes.fr', 'pierre.louty@chu-nantes.fr']);
    const toHolder = arrived.find((m) => m.envelopeTo[0] === 'jean.louty@chu-nantes.fr')!;
    expect(toHolder.parsed.subject).toBe("Annulation de votre inscription en tant qu'administrateur");
    expect(toHolder.parsed.text).toContain('Le représentant légal conteste « cette » inscription');
    const toOther = arrived.find((m) => m.envelopeTo[0] === 'pierre.louty@chu-nantes.fr')!;
    expect(toOther.parsed.subject).toBe("Annulation de l'inscription d'un administrateur de votre établissement");
    expect(toOther.parsed.text!.replace(/\s+/g, ' ')).toContain('Jean');
    expect(creatorId).toBeTruthy();
  });

  it('sends the password reset link and the forgotten identifier reminder', async () => {
    const { jean } = await guideScenario();
    await appendToAccount(database.store, jean.accountId, { type: 'account.password-created', data: { accountId: jean.accountId, tokenHash: jean.tokenHash, passwordHash: 'x', createdAt: '2020-03-13T08:00:00.000Z' } }, '2020-03-13T08:00:00.000Z');
    const resetToken = 'reset-token-' + randomUUID();
    const resetEvent = toNew(
      { type: 'account.password-reset-requested', data: { accountId: jean.accountId, tokenHash: sha256Hex(resetToken), requestedAt: '2020-04-01T08:00:00.000Z', expiresAt: '2020-04-01T09:00:00.000Z', supersededTokenHash: null } },
      '2020-04-01T08:00:00.000Z',
    );
    await stageOutgoingLink(database.db, { eventId: resetEvent.id, accountId: jean.accountId, purpose: 'password-reset', token: resetToken, expiresAt: '2020-04-01T09:00:00.000Z' });
    await database.store.append(`account-${jean.accountId}`, [resetEvent], { expectedVersion: 'stream-exists' });
    // "Identifiant oublié ?": the write side leaves a row, no event.
    await stageOutgoingLink(database.db, { eventId: null, accountId: jean.accountId, purpose: 'identifier-reminder', token: null, expiresAt: '2030-01-01T00:00:00.000Z', payload: { email: 'jean.louty@chu-nantes.fr', identifiers: ['JLO000439'], accountIds: [jean.accountId] } });
    await runner().runOnce();
    const subjects = mailsTo('jean.louty@chu-nantes.fr').map((m) => m.parsed.subject);
    expect(subjects).toEqual(expect.arrayContaining(['Réinitialisation de votre mot de passe', 'Rappel de votre identifiant']));
    const reset = mailsTo('jean.louty@chu-nantes.fr').find((m) => m.parsed.subject === 'Réinitialisation de votre mot de passe')!;
    expect(reset.parsed.text).toContain(`${PUBLIC_URL}/mot-de-passe/reinitialiser?jeton=${encodeURIComponent(resetToken)}`);
    const reminder = mailsTo('jean.louty@chu-nantes.fr').find((m) => m.parsed.subject === 'Rappel de votre identifiant')!;
    expect(reminder.parsed.text).toContain('JLO000439');
    expect((await database.db.query('select 1 from auth.outgoing_links')).rows).toHaveLength(0);
  });

  it('runs live: a new account gets its mail without a restart', async () => {
    const pm = runner({ leaseRetryMs: 50, dispatchIntervalMs: 50 });
    await pm.start();
    try {
      await guideScenario();
      for (let i = 0; i < 100 && mailsTo('jean.louty@chu-nantes.fr').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(mailsTo('jean.louty@chu-nantes.fr')).toHaveLength(1);
    } finally {
      await pm.stop();
    }
  });
});
