import { randomUUID } from 'node:crypto';
import { WrongExpectedVersionError, type EventStore } from '@peps/event-store';
import { letterStream } from '@peps/domain';
import { isLetterId } from './letter-storage.js';
import { LETTER_SENT_TO_MAILROOM } from './letter-mailroom.js';

export const LETTER_RETURNED = 'letter.returned';

export type ReturnedResult = 'returned' | 'not-found' | 'not-sent' | 'already-returned';

/**
 * DRS action: La Poste sent the letter back (« N'habite pas à l'adresse indiquée »). `sent-to-mailroom → returned`,
 * once. The DRS corrects the recipient (`employer.legal-representative-corrected`, « Corriger le destinataire des
 * courriers »), which retries the letters given up; a returned letter was delivered once and is not sent again by it.
 */
export async function markLetterReturned(store: EventStore, letterId: string, by: { actor: string; now: Date }): Promise<ReturnedResult> {
  if (!isLetterId(letterId)) return 'not-found';
  const events = await store.readStream(letterStream(letterId));
  if (!events.length) return 'not-found';
  if (events.some((e) => e.type === LETTER_RETURNED)) return 'already-returned';
  if (!events.some((e) => e.type === LETTER_SENT_TO_MAILROOM)) return 'not-sent';
  try {
    await store.append(
      letterStream(letterId),
      [
        {
          id: randomUUID(),
          type: LETTER_RETURNED,
          schemaVersion: 1,
          data: { letterId, returnedBy: by.actor, returnedAt: by.now.toISOString() },
          metadata: { actor: by.actor, correlationId: randomUUID(), occurredAt: by.now.toISOString() },
        },
      ],
      { expectedVersion: events[events.length - 1].version },
    );
  } catch (error) {
    if (error instanceof WrongExpectedVersionError) return 'already-returned';
    throw error;
  }
  return 'returned';
}
