import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { isSealedValue, openValue, sealValue, subjectOf } from './field-cipher.js';

const alice = '3f0c8f5e-8a61-4d33-9a53-1f1b9f4c2a10';
const bob = '7d2e1a44-0b9c-4e7f-8c61-5a3b2d1e0f99';

describe('a personal value sealed with its person’s key', () => {
  const key = randomBytes(32);

  it('given a value, when sealed then opened with the same key, then it reads back, accents included', () => {
    const sealed = sealValue(alice, key, 'Élodie Lefèvre-Müller');
    expect(isSealedValue(sealed)).toBe(true);
    expect(sealed).not.toContain('Lefèvre');
    expect(subjectOf(sealed)).toBe(alice);
    expect(openValue(sealed, key)).toBe('Élodie Lefèvre-Müller');
  });

  it('given the same value twice, when sealed, then the stored forms differ (random IV: equal values do not show)', () => {
    expect(sealValue(alice, key, 'jean@chu.fr')).not.toBe(sealValue(alice, key, 'jean@chu.fr'));
  });

  it('given another key, when opening, then it is refused', () => {
    const sealed = sealValue(alice, key, 'jean@chu.fr');
    expect(() => openValue(sealed, randomBytes(32))).toThrow();
  });

  it("given a sealed value moved to another person's record, when opening, then it is refused (the subject is bound)", () => {
    const sealed = sealValue(alice, key, 'jean@chu.fr');
    const moved = sealed.replace(alice, bob);
    expect(() => openValue(moved, key)).toThrow();
  });

  it('given one changed character, when opening, then it is refused', () => {
    const sealed = sealValue(alice, key, 'jean@chu.fr');
    const last = sealed.at(-2) === 'A' ? 'B' : 'A';
    expect(() => openValue(`${sealed.slice(0, -2)}${last}${sealed.at(-1)}`, key)).toThrow();
  });

  it('given a plain value or a malformed subject, then it is not a sealed value', () => {
    expect(isSealedValue('jean@chu.fr')).toBe(false);
    expect(isSealedValue(42)).toBe(false);
    expect(() => subjectOf('pd1.pas-un-uuid.abc')).toThrow();
    expect(() => sealValue('ALICE', key, 'x')).toThrow();
  });
});
