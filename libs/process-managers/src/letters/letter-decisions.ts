import type { RecordedEvent } from '@peps/event-store';
import type { AccountEvent } from '@peps/domain';
import type { PlannedEffect } from '../runtime/process-manager.js';

export const LETTER_MANAGER = 'letters';
export const LEGAL_REPRESENTATIVE_LETTER = 'legal-representative-letter';

export const letterEventTypes = ['account.created', 'account.promoted-to-administrator'] as const;

type LetterCause = Extract<AccountEvent, { type: 'account.created' | 'account.promoted-to-administrator' }>;

/**
 * Pure: an administrator created, or a user promoted, calls for a letter to the employer's legal representative.
 * The payload holds the administrator's details as the cause recorded them: the letter shows them as they were.
 */
export function planLetters(event: Pick<RecordedEvent, 'type' | 'data'>): PlannedEffect[] {
  const cause = { type: event.type, data: event.data } as LetterCause;
  switch (cause.type) {
    case 'account.created': {
      const d = cause.data;
      if (d.profile !== 'administrator') return [];
      return [
        {
          kind: LEGAL_REPRESENTATIVE_LETTER,
          payload: {
            registration: 'created',
            accountId: d.accountId,
            employerId: d.employerId,
            identifier: d.identifier,
            holder: { civility: d.civility, firstName: d.firstName, lastName: d.lastName, email: d.email, phone: d.phone, professionalAddress: d.professionalAddress ?? [] },
            actor: d.createdBy,
            effectiveAt: d.createdAt,
          },
        },
      ];
    }
    case 'account.promoted-to-administrator': {
      const d = cause.data;
      return [
        {
          kind: LEGAL_REPRESENTATIVE_LETTER,
          payload: {
            registration: 'promoted',
            accountId: d.accountId,
            employerId: d.employerId,
            identifier: d.identifier,
            holder: { ...d.holder },
            actor: d.promotedBy,
            effectiveAt: d.promotedAt,
          },
        },
      ];
    }
    default: {
      const unexpected: never = cause;
      throw new Error(`The letter manager does not handle ${(unexpected as { type: string }).type}`);
    }
  }
}
