import { DomainError } from '../shared/domain-error.js';
import { formatIdentifier, normaliseIdentifier, parseIdentifier } from './identifier.js';
import { validateOperatorIdentifier } from './operator-identifier.js';

describe('formatIdentifier', () => {
  it('pads the sequence to 6 digits, as in the guide', () => {
    expect(formatIdentifier('JLO', 439)).toBe('JLO000439');
    expect(formatIdentifier('ABC', 1)).toBe('ABC000001');
    expect(formatIdentifier('ABC', 999_999)).toBe('ABC999999');
  });

  it('refuses a sequence beyond 999999 with a domain error', () => {
    expect(() => formatIdentifier('ABC', 1_000_000)).toThrow(DomainError);
    try {
      formatIdentifier('ABC', 1_000_000);
    } catch (error) {
      expect((error as DomainError).code).toBe('identifier.sequence-exhausted');
    }
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses sequence %p as a programming error', (sequence) => {
    expect(() => formatIdentifier('ABC', sequence)).toThrow(TypeError);
  });

  it.each(['AB', 'abc', 'AB1', 'ÉAB'])('refuses prefix %p', (prefix) => {
    expect(() => formatIdentifier(prefix, 1)).toThrow(TypeError);
  });
});

describe('parseIdentifier and normaliseIdentifier', () => {
  it('accepts any case and surrounding spaces (sign-in)', () => {
    expect(normaliseIdentifier(' jlo000439 ')).toBe('JLO000439');
    expect(parseIdentifier('jLo000439')).toEqual({ value: 'JLO000439', prefix: 'JLO', sequence: 439 });
  });

  it.each(['JLO00043', 'JLO0004390', 'JL0000439', 'JLO000000', '', 'JLO-000439'])('rejects %p', (raw) => {
    expect(parseIdentifier(raw)).toBeUndefined();
  });
});

describe('validateOperatorIdentifier', () => {
  it.each(['A', 'drs', 'OPERATEUR', 'DRS2024', '123456789'])('accepts %p (1 to 9 letters or digits)', (raw) => {
    expect(validateOperatorIdentifier(raw)).toEqual({ ok: true, value: raw.toUpperCase() });
  });

  it.each(['', 'OPERATEUR1', 'drs-1', 'opé', 'a b'])('rejects %p with a French message', (raw) => {
    const result = validateOperatorIdentifier(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toEqual({ field: 'PEPS_BOOTSTRAP_OPERATOR_ID', message: expect.stringContaining('de 1 à 9') });
  });
});
