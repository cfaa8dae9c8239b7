import fc from 'fast-check';
import { asciiLetters, identifierPrefix } from './identifier-prefix.js';

describe('identifierPrefix', () => {
  it.each([
    ['Jean', 'Louty', 'JLO'],
    ['Élodie', 'Éluard', 'EEL'],
    ['Jean-Louis', "D'Artagnan", 'JDA'],
    ['Chloé', 'Œuvray', 'COE'],
    ['Ægir', 'Straße', 'AST'],
    ['J', 'O', 'JOX'],
    ['Anne', 'Ô', 'AOX'],
    ['李', '王', 'XXX'],
    ["'", '--', 'XXX'],
    ['  marie ', ' de la tour', 'MDE'],
    ['Ｊｅａｎ', 'ﬁnot', 'JFI'],
    ['Łukasz', 'Øster', 'LOS'],
  ])('%s %s → %s', (first, last, expected) => {
    expect(identifierPrefix(first, last)).toBe(expected);
  });

  it('is always three capital letters A–Z, whatever the Unicode input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), (first, last) => {
        expect(identifierPrefix(first, last)).toMatch(/^[A-Z]{3}$/);
      }),
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (first, last) => {
        expect(identifierPrefix(first, last)).toBe(identifierPrefix(first, last));
      }),
    );
  });

  it('ignores accents: an accented name gives the prefix of its bare letters', () => {
    const letter = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const accent = fc.constantFrom('\u0301', '\u0300', '\u0302', '\u0308', '\u0327', '\u030c', '');
    const accentedName = fc.array(fc.tuple(letter, accent), { maxLength: 8 });
    fc.assert(
      fc.property(accentedName, accentedName, (first, last) => {
        const compose = (name: [string, string][]) => name.map(([l, a]) => l + a).join('').normalize('NFC');
        const bare = (name: [string, string][]) => name.map(([l]) => l).join('');
        expect(identifierPrefix(compose(first), compose(last))).toBe(identifierPrefix(bare(first), bare(last)));
      }),
    );
  });

  it('skips apostrophes, hyphens and spaces', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z]{1,6}$/), fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom("'", '-', ' ', '’'), (a, b, sep) => {
        expect(identifierPrefix(`${sep}${a}`, `${sep}${a}${sep}${b}`)).toBe(identifierPrefix(a, a + b));
      }),
    );
  });

  it('expands ligatures and sharp s', () => {
    expect(asciiLetters('œæßŒÆ')).toBe('OEAESSOEAE');
  });
});
