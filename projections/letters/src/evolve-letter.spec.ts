import { evolveLetter, type LetterEntry } from './evolve-letter.js';

const ev = (type: string, data: Record<string, unknown>, occurredAt: string) => ({ type, data, stream: 'letter-L1', occurredAt });

describe('letters evolve', () => {
  it('follows a letter from generation to the mailroom, keeping what it knows', () => {
    const events = [
      ev('letter.generated', { accountId: 'a1', employerId: 'e1', kind: 'administrator-registered', pdfPath: 'letters/L1.pdf', legalRepresentative: { firstName: 'Philippe', lastName: 'Dupont' } }, '2025-01-01T00:00:00.000Z'),
      ev('letter.sent-to-mailroom', {}, '2025-01-02T00:00:00.000Z'),
    ];
    const letter = events.reduce<LetterEntry | null>((doc, e) => evolveLetter(doc, e), null);
    expect(letter).toMatchObject({
      letterId: 'L1', accountId: 'a1', employerId: 'e1', kind: 'administrator-registered', recipient: 'Philippe Dupont',
      pdfPath: 'letters/L1.pdf', status: 'sent-to-mailroom', createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(letter?.history).toHaveLength(2);
  });

  it('ignores events that are not about letters, and tolerates unknown letter events', () => {
    expect(evolveLetter(null, ev('account.created', {}, '2025-01-01T00:00:00.000Z'))).toBeNull();
    expect(evolveLetter(null, ev('letter.something-new', { whatever: 1 }, '2025-01-01T00:00:00.000Z'))?.status).toBe('something-new');
  });
});
