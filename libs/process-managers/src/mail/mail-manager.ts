import type { EventStore } from '@peps/event-store';
import { stableMessageId, type MailTransport } from '@peps/notifications';
import type { SqlDatabase } from '@peps/sql';
import { enqueueEffects } from '../runtime/effect-queue.js';
import { IDENTIFIER_REMINDER_REQUESTED } from './identifier-reminder.js';
import { pendingIdentifierReminders } from './outgoing-links.js';
import type { DispatchBatch, ProcessManagerDefinition } from '../runtime/process-manager.js';
import type { StreamReader } from '../aggregates.js';
import { notificationStream } from '@peps/domain';
import { composeMail } from './compose-mails.js';
import { MAIL_MANAGER, mailEventTypes, planMails } from './mail-decisions.js';

export const NOTIFICATION_SENT = 'notification.sent';
export const NOTIFICATION_FAILED = 'notification.failed';

export interface MailManagerDependencies {
  store: EventStore;
  db: SqlDatabase;
  transport: MailTransport & { kind?: string };
  /** `PEPS_PUBLIC_URL`: base of the links. */
  publicUrl: string;
  /** Right-hand side of the Message-IDs. */
  messageIdDomain?: string;
  now: () => Date;
}

/** The cause key of a mail: the same cause and mail always give the same Message-ID. */
export const mailCauseKey = (effect: { causeType: string; causeEventId: string; kind: string; key: string }): string =>
  `${effect.causeType}:${effect.causeEventId}:${effect.kind}${effect.key ? `:${effect.key}` : ''}`;

/** Sends the platform's e-mails; each sent mail is recorded as `notification.sent` in `notification-<id>`. */
export function mailManager(deps: MailManagerDependencies): ProcessManagerDefinition {
  const domain = deps.messageIdDomain ?? 'peps.localhost';
  return {
    name: MAIL_MANAGER,
    eventTypes: mailEventTypes,
    plan: planMails,
    recordStream: (effect) => notificationStream(effect.effectId),
    poll: () => intakeIdentifierReminders(deps.db),
    async perform(effect, batch) {
      const composed = await composeMail({ store: readingOnce(deps.store, batch), db: deps.db, publicUrl: deps.publicUrl }, effect);
      if (composed.outcome !== 'mail') return composed;
      const causeKey = mailCauseKey(effect);
      const messageId = stableMessageId(causeKey, domain);
      const sentAt = deps.now();
      await deps.transport.send({
        to: composed.to,
        ...composed.rendered,
        messageId,
        date: sentAt,
        headers: { 'X-Peps-Cause': causeKey },
      });
      return {
        outcome: 'done',
        record: {
          stream: notificationStream(effect.effectId),
          type: NOTIFICATION_SENT,
          schemaVersion: 1,
          data: {
            notificationId: effect.effectId,
            kind: effect.kind,
            accountId: composed.accountId,
            to: composed.to,
            subject: composed.rendered.subject,
            messageId,
            causeEventId: effect.causeEventId,
            causeType: effect.causeType,
            transport: deps.transport.kind ?? 'smtp',
            attempt: effect.attempts + 1,
            sentAt: sentAt.toISOString(),
          },
        },
        after: composed.after,
      };
    },
    failureRecord: (effect, failure) => ({
      stream: notificationStream(effect.effectId),
      type: NOTIFICATION_FAILED,
      schemaVersion: 1,
      data: {
        notificationId: effect.effectId,
        kind: effect.kind,
        causeEventId: effect.causeEventId,
        causeType: effect.causeType,
        attempt: failure.attempt,
        error: failure.error,
        nextAttemptAt: failure.nextAttemptAt,
        gaveUp: failure.nextAttemptAt === null,
      },
    }),
  };
}

/**
 * "Identifiant oublié ?" requests come as `auth.outgoing_links` rows, not events (the write side's choice): each is
 * moved into the effect queue and deleted in one transaction, so it is mailed once and never lost.
 */
export async function intakeIdentifierReminders(db: SqlDatabase): Promise<void> {
  for (const row of await pendingIdentifierReminders(db)) {
    await db.transaction(async (tx) => {
      if (row.email && row.accountIds.length) {
        await enqueueEffects(tx, MAIL_MANAGER, [
          {
            cause: { id: row.id, type: IDENTIFIER_REMINDER_REQUESTED, stream: 'auth.outgoing_links', occurredAt: row.requestedAt, correlationId: row.id },
            effect: { kind: 'forgotten-identifier', payload: { email: row.email, accountIds: row.accountIds, requestedAt: row.requestedAt }, recipient: row.email },
          },
        ]);
      }
      await tx.query('delete from auth.outgoing_links where id = $1', [row.id]);
    });
  }
}

/**
 * The mails of one dispatch batch read each stream once: an administrator's invitations share the employer and the
 * creator's account. The batch's effects are performed at one moment, so one read serves them all.
 */
function readingOnce(store: EventStore, batch: DispatchBatch): StreamReader {
  return { readStream: (stream, options) => batch.once(`stream:${stream}:${JSON.stringify(options ?? {})}`, () => store.readStream(stream, options)) };
}
