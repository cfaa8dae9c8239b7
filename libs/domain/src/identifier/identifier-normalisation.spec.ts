import fc from 'fast-check';
import { IDENTIFIER_MAX_LENGTH, normaliseIdentifier, parseIdentifier } from './identifier.js';
import { validateOperatorIdentifier } from './operator-identifier.js';

/**
 * One normalisation for every place a typed identifier is used (sign-in, its throttle, "Mot de passe oublié ?"):
 * ASCII letters and digits, upper-cased. Security review, finding 5: `DRſOPER01` (U+017F LATIN SMALL LETTER LONG S)
 * upper-cased by Unicode rules to `DRSOPER01` and signed in as that operator.
 */
describe('normaliseIdentifier', () => {
  describe('given an identifier typed in any case, with stray spaces around it', () => {
    it.each([
      ['jlo000439', 'JLO000439'],
      ['JLO000439', 'JLO000439'],
      ['  jLo000439 ', 'JLO000439'],
      ['\tdrsoper01\r\n', 'DRSOPER01'],
      ['drs1', 'DRS1'],
      ['A', 'A'],
    ])('when %p is normalised, then it is %p', (typed, expected) => {
      expect(normaliseIdentifier(typed)).toBe(expected);
    });
  });

  /** Each typed string, with why it is refused: normalised, it is no identifier. */
  const isNoIdentifier = (cases: [typed: string, why: string][]) =>
    it.each(cases)('when %p (%s) is normalised, then it is no identifier', (typed) => {
      expect(normaliseIdentifier(typed)).toBeUndefined();
    });

  describe('given a look-alike made of letters outside ASCII', () => {
    isNoIdentifier([
      ['DRſOPER01', 'U+017F long s, upper-cased to S by Unicode'],
      ['drſoper01', 'U+017F in lower case'],
      ['JLO000ı39', 'U+0131 dotless i, upper-cased to I by Unicode'],
      ['ＤＲＳＯＰＥＲ01', 'fullwidth letters'],
      ['DRSOPER０1', 'a fullwidth digit'],
      ['DRSÖPER01', 'an accented letter'],
      ['DRSOPЕR01', 'a Cyrillic Е'],
      ['ﬁ', 'a ligature that upper-cases to FI'],
    ]);
  });

  describe('given anything else than 1 to 9 letters or digits', () => {
    isNoIdentifier([
      ['', 'empty'],
      ['   ', 'only spaces'],
      ['DRS OPER1', 'a space inside'],
      ['JLO-000439', 'punctuation'],
      ['JLO000439.', 'a trailing dot'],
      ['JLO0004390', 'ten characters'],
      ['X'.repeat(30), 'thirty characters'],
      ['\u00a0DRSOPER01', 'a no-break space around it'],
      ['DRSOPER01\u200b', 'a zero-width space'],
      ['DRS\u0000OPER', 'a NUL'],
    ]);
  });

  describe('given any string at all', () => {
    it('when normalised, then it is either no identifier or 1 to 9 capital ASCII letters and digits', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (typed) => {
          const normalised = normaliseIdentifier(typed);
          if (normalised !== undefined) expect(normalised).toMatch(new RegExp(`^[A-Z0-9]{1,${IDENTIFIER_MAX_LENGTH}}$`));
        }),
      );
    });

    it('when it holds a character outside ASCII, then it is no identifier', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 8 }), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), (ascii, other) => {
          fc.pre(/[^\u0000-\u007f]/.test(other));
          expect(normaliseIdentifier(ascii + other)).toBeUndefined();
          expect(normaliseIdentifier(other + ascii)).toBeUndefined();
        }),
      );
    });

    it('when normalised twice, then the second time changes nothing', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), (typed) => {
          const once = normaliseIdentifier(typed);
          if (once !== undefined) expect(normaliseIdentifier(once)).toBe(once);
        }),
      );
    });
  });

  describe('given the places built on it', () => {
    it('when an employer identifier with a look-alike letter is parsed, then it is refused', () => {
      expect(parseIdentifier('JLO000439')).toEqual({ value: 'JLO000439', prefix: 'JLO', sequence: 439 });
      expect(parseIdentifier('JſO000439')).toBeUndefined();
    });

    it('when a configured operator identifier has a look-alike letter, then it is refused with the French message', () => {
      expect(validateOperatorIdentifier('drsoper01')).toEqual({ ok: true, value: 'DRSOPER01' });
      const result = validateOperatorIdentifier('DRſOPER01');
      expect(result.ok).toBe(false);
    });
  });
});
