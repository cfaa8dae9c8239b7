/**
 * French formatting helpers shared by the mails and the letter.
 * Pure: every instant is passed in; nothing here reads the clock.
 */

/** An instant: a Date or an ISO-8601 string (as event metadata carries it). */
export type Instant = Date | string;

export type Civility = 'monsieur' | 'madame';

export const PARIS_TIME_ZONE = 'Europe/Paris';

export function toDate(instant: Instant, what = 'date'): Date {
  const date = instant instanceof Date ? new Date(instant.getTime()) : new Date(instant);
  if (Number.isNaN(date.getTime())) {
    throw new TypeError(`Invalid ${what}: ${String(instant)}`);
  }
  return date;
}

const shortDate = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS_TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

const longDate = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

const time = new Intl.DateTimeFormat('fr-FR', {
  timeZone: PARIS_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `12/03/2020` (day in Paris time). */
export function formatShortDate(instant: Instant): string {
  return shortDate.format(toDate(instant));
}

/** `12 mars 2020`, `1er avril 2020` (day in Paris time). */
export function formatLongDate(instant: Instant): string {
  const parts = longDate.formatToParts(toDate(instant));
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = get('day');
  return `${day === '1' ? '1er' : day} ${get('month')} ${get('year')}`;
}

/** `14h05` (Paris time). */
export function formatTime(instant: Instant): string {
  return time.format(toDate(instant)).replace(':', 'h');
}

export function civilityLabel(civility: Civility): 'Monsieur' | 'Madame' {
  switch (civility) {
    case 'monsieur':
      return 'Monsieur';
    case 'madame':
      return 'Madame';
    default: {
      const unexpected: never = civility;
      throw new TypeError(`Unknown civility: ${String(unexpected)}`);
    }
  }
}

/** `Monsieur Louty` — the guide's way of naming people in mails. */
export function civilityAndLastName(person: { civility: Civility; lastName: string }): string {
  return `${civilityLabel(person.civility)} ${person.lastName.trim()}`;
}

/** `Monsieur Jean Louty`. */
export function civilityAndFullName(person: { civility: Civility; firstName: string; lastName: string }): string {
  return `${civilityLabel(person.civility)} ${person.firstName.trim()} ${person.lastName.trim()}`;
}
