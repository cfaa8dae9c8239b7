import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError, type EventStore } from '@peps/event-store';
import { letterStream } from '@peps/domain';
import { isLetterId } from './letter-storage.js';

export const LETTER_SENT_TO_MAILROOM = 'letter.sent-to-mailroom';

export type MailroomResult = 'sent-to-mailroom' | 'not-found' | 'not-generated' | 'already-sent';

/**
 * DRS action: a generated letter is handed to the mailroom (printed and posted by people, so the platform does
 * not pretend to know when it leaves). `generated → sent-to-mailroom`, once.
 */
export async function sendLetterToMailroom(store: EventStore, letterId: string, by: { actor: string; now: Date }): Promise<MailroomResult> {
  if (!isLetterId(letterId)) return 'not-found';
  const events = await store.readStream(letterStream(letterId));
  if (!events.length) return 'not-found';
  if (events.some((e) => e.type === LETTER_SENT_TO_MAILROOM)) return 'already-sent';
  if (!events.some((e) => e.type === 'letter.generated')) return 'not-generated';
  try {
    await store.append(
      letterStream(letterId),
      [
        {
          id: randomUUID(),
          type: LETTER_SENT_TO_MAILROOM,
          schemaVersion: 1,
          data: { letterId, sentBy: by.actor, sentToMailroomAt: by.now.toISOString() },
          metadata: { actor: by.actor, correlationId: randomUUID(), occurredAt: by.now.toISOString() },
        },
      ],
      { expectedVersion: events[events.length - 1].version },
    );
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return 'already-sent';
    throw error;
  }
  return 'sent-to-mailroom';
}
