/**
 * "Identifiant oublié" (`POST /api/identifier/forgotten`): the write side looks up the accounts tied to the
 * address and appends this event (stream `identifier-reminder-<uuid>`); the mail manager sends the reminder.
 * Nothing is appended when no account uses the address (the API answers 202 either way).
 */
export const IDENTIFIER_REMINDER_REQUESTED = 'identifier.reminder-requested';
export const IDENTIFIER_REMINDER_SCHEMA_VERSION = 1;

export interface IdentifierReminderRequested {
  type: typeof IDENTIFIER_REMINDER_REQUESTED;
  data: {
    /** The address as typed (normalised to lowercase by the write side). */
    email: string;
    /** Accounts whose e-mail is that address, not closed. */
    accountIds: string[];
    requestedAt: string;
  };
}

export const identifierReminderStream = (requestId: string): string => `identifier-reminder-${requestId}`;

/** The event as appended (the write side's handler and the tests build it the same way). */
export function identifierReminderRequested(data: IdentifierReminderRequested['data'], meta: { id: string; correlationId: string; actor?: string }) {
  return {
    id: meta.id,
    type: IDENTIFIER_REMINDER_REQUESTED,
    schemaVersion: IDENTIFIER_REMINDER_SCHEMA_VERSION,
    data,
    metadata: { actor: meta.actor ?? 'anonymous', correlationId: meta.correlationId, occurredAt: data.requestedAt },
  };
}
