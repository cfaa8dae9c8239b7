import { validateCivility } from './civility.js';
import { validateFirstName, validateLastName } from './person-name.js';

describe('person names', () => {
  it.each(['Louty', 'Le Bihan', "D'Artagnan", 'Saint-Exupéry', 'Œuvray', 'N’Diaye', 'Müller'])('accepts %p', (raw) => {
    expect(validateLastName(raw)).toEqual({ ok: true, value: raw });
  });

  it('trims and collapses spaces', () => {
    expect(validateFirstName('  Jean   Louis ')).toEqual({ ok: true, value: 'Jean Louis' });
  });

  it.each([
    [undefined, 'Le nom est obligatoire.'],
    ['   ', 'Le nom est obligatoire.'],
    ['L'.repeat(101), 'Le nom ne doit pas dépasser 100 caractères.'],
    ['Louty2', 'Le nom ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.'],
    ['-Louty', 'Le nom ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.'],
    ['<script>', 'Le nom ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.'],
  ])('rejects %p', (raw, message) => {
    expect(validateLastName(raw)).toEqual({ ok: false, errors: [{ field: 'lastName', message }] });
  });

  it('accepts 100 characters', () => {
    expect(validateFirstName('J'.repeat(100)).ok).toBe(true);
  });

  it('uses the first-name wording', () => {
    expect(validateFirstName('')).toEqual({ ok: false, errors: [{ field: 'firstName', message: 'Le prénom est obligatoire.' }] });
  });
});

describe('civility', () => {
  it('accepts monsieur and madame', () => {
    expect(validateCivility('monsieur')).toEqual({ ok: true, value: 'monsieur' });
    expect(validateCivility('madame')).toEqual({ ok: true, value: 'madame' });
  });

  it('rejects anything else', () => {
    expect(validateCivility(undefined)).toEqual({ ok: false, errors: [{ field: 'civility', message: 'La civilité est obligatoire.' }] });
    expect(validateCivility('mademoiselle')).toEqual({
      ok: false,
      errors: [{ field: 'civility', message: 'La civilité doit être « Monsieur » ou « Madame ».' }],
    });
  });
});
