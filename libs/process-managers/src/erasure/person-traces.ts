import { ERASED_VALUE, type AccountEvent } from '@peps/domain';
import { internationalDestination } from '@peps/notifications';

/** What tells a mail, an SMS or a queued effect about this person apart from the others'. */
export interface PersonTraces {
  accountId: string;
  identifier: string | null;
  /** Every e-mail address the account ever had, lower-cased. */
  emails: string[];
  /** Every phone number it ever had, as SMS destinations (`+33…`). */
  phones: string[];
  /** « Prénom Nom » and « Nom Prénom », lower-cased, for each name the account ever had. */
  fullNames: string[];
  /** Ids of the account's events: a mail names its cause in `X-Peps-Cause`. */
  eventIds: string[];
}

const known = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && value !== ERASED_VALUE;

function smsDestination(phone: string): string | null {
  try {
    return `+${internationalDestination(phone)}`;
  } catch {
    return null; // a landline: never texted
  }
}

/**
 * Pure: the traces of a person from their account's events. Read before the key is destroyed, they name every
 * value; read after (a re-run), the erased values are left out and only the ids remain.
 */
export function personTraces(accountId: string, events: readonly { id: string; event: AccountEvent }[]): PersonTraces {
  const emails = new Set<string>();
  const phones = new Set<string>();
  const names = new Set<string>();
  let identifier: string | null = null;
  const details = (d: { email?: unknown; phone?: unknown; firstName?: unknown; lastName?: unknown }) => {
    if (known(d.email)) emails.add(d.email.trim().toLowerCase());
    if (known(d.phone)) phones.add(d.phone);
    if (known(d.firstName) && known(d.lastName)) {
      names.add(`${d.firstName} ${d.lastName}`);
      names.add(`${d.lastName} ${d.firstName}`);
    }
  };
  let name = { firstName: undefined as unknown, lastName: undefined as unknown };
  for (const { event } of events) {
    if (event.type === 'account.created') {
      identifier = event.data.identifier;
      details(event.data);
      name = { firstName: event.data.firstName, lastName: event.data.lastName };
    } else if (event.type === 'account.promoted-to-administrator') {
      details(event.data.holder);
    } else if (event.type === 'account.contact-details-changed') {
      const c = event.data.changes;
      for (const side of ['from', 'to'] as const) {
        details({ email: c.email?.[side], phone: c.phone?.[side] });
        if (c.firstName || c.lastName) {
          details({ firstName: c.firstName?.[side] ?? name.firstName, lastName: c.lastName?.[side] ?? name.lastName });
        }
      }
      name = { firstName: c.firstName?.to ?? name.firstName, lastName: c.lastName?.to ?? name.lastName };
    }
  }
  return {
    accountId,
    identifier,
    emails: [...emails],
    phones: [...new Set([...phones].map(smsDestination).filter((p): p is string => p !== null))],
    fullNames: [...names].map((n) => n.replace(/\s+/g, ' ').trim().toLowerCase()),
    eventIds: events.map((e) => e.id),
  };
}

/** Whether a text (a mail's subject, body or headers) is about this person. */
export function mentions(traces: PersonTraces, text: string): boolean {
  const folded = text.replace(/\s+/g, ' ').toLowerCase();
  return (
    folded.includes(traces.accountId) ||
    (traces.identifier !== null && folded.includes(traces.identifier.toLowerCase())) ||
    traces.emails.some((e) => folded.includes(e)) ||
    traces.fullNames.some((n) => folded.includes(n)) ||
    traces.eventIds.some((id) => folded.includes(id))
  );
}
