import { formatLetterReference } from './letter-reference.js';

describe('letter reference to quote', () => {
  it('given the letter of 2026 with number 123, when formatted, then it reads ADM-2026-000123', () => {
    expect(formatLetterReference('2026-03-04T10:00:00.000Z', 123)).toBe('ADM-2026-000123');
  });
  it('given the same letter again (a retry), when formatted, then it is the same reference', () => {
    expect(formatLetterReference('2026-03-04T10:00:00.000Z', 123n)).toBe(formatLetterReference(new Date('2026-03-04T10:00:00.000Z'), '123'));
  });
  it('given two numbers, when formatted, then the references differ even across years', () => {
    expect(formatLetterReference('2026-12-31T23:00:00.000Z', 7)).not.toBe(formatLetterReference('2026-12-31T23:00:00.000Z', 8));
    expect(formatLetterReference('2027-01-01T00:00:00.000Z', 1234567)).toBe('ADM-2027-1234567');
  });
});
