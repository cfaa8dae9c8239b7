import type { ProjectedEvent } from '@peps/read-store';

/**
 * Letters are written by the process managers (`letter-<id>` streams, `letter.*` events). Their exact data is
 * theirs: this read model takes the fields it knows when present and ignores the rest, so a new letter event
 * type never stops it.
 */
export interface LetterEntry {
  letterId: string;
  kind: string | null;
  accountId: string | null;
  employerId: string | null;
  recipient: string | null;
  status: string;
  pdfPath: string | null;
  createdAt: string;
  updatedAt: string;
  history: { type: string; at: string }[];
}

export const letterStatusLabels: Record<string, string> = {
  requested: 'À générer',
  // « un courrier »: masculine.
  generated: 'Généré',
  'sent-to-mailroom': 'Remis au service courrier',
  sent: 'Envoyé',
  returned: 'Retourné',
  failed: 'En échec',
  cancelled: 'Annulé',
};

export function isLetterEvent(type: string): boolean {
  return type.startsWith('letter.');
}

export function letterIdOf(stream: string): string {
  return stream.startsWith('letter-') ? stream.slice('letter-'.length) : stream;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value ? value : null);

/** Pure: the letter's state is the suffix of its latest event (`letter.sent-to-mailroom` → `sent-to-mailroom`). */
export function evolveLetter(entry: LetterEntry | null, event: Pick<ProjectedEvent, 'type' | 'data' | 'stream' | 'occurredAt'>): LetterEntry | null {
  if (!isLetterEvent(event.type)) return entry;
  const d = (event.data ?? {}) as Record<string, unknown>;
  const base: LetterEntry = entry ?? {
    letterId: str(d.letterId) ?? letterIdOf(event.stream),
    kind: null,
    accountId: null,
    employerId: null,
    recipient: null,
    status: 'requested',
    pdfPath: null,
    createdAt: event.occurredAt,
    updatedAt: event.occurredAt,
    history: [],
  };
  const recipient = d.recipient ?? d.legalRepresentative;
  return {
    ...base,
    kind: str(d.kind) ?? str(d.letterKind) ?? base.kind,
    accountId: str(d.accountId) ?? str(d.administratorAccountId) ?? base.accountId,
    employerId: str(d.employerId) ?? base.employerId,
    recipient: typeof recipient === 'object' && recipient
      ? [(recipient as Record<string, unknown>).firstName, (recipient as Record<string, unknown>).lastName].filter(Boolean).join(' ') || base.recipient
      : str(recipient) ?? base.recipient,
    pdfPath: str(d.pdfPath) ?? str(d.path) ?? str(d.file) ?? base.pdfPath,
    status: event.type.slice('letter.'.length),
    updatedAt: event.occurredAt,
    history: [...base.history, { type: event.type, at: event.occurredAt }],
  };
}
