import { invalid, valid, type Validated } from '../shared/field-error.js';

export type Civility = 'monsieur' | 'madame';

export const civilityLabels: Record<Civility, string> = { monsieur: 'Monsieur', madame: 'Madame' };

export function validateCivility(raw: unknown, field = 'civility'): Validated<Civility> {
  if (raw === undefined || raw === null || raw === '') return invalid(field, 'La civilité est obligatoire.');
  if (raw !== 'monsieur' && raw !== 'madame') return invalid(field, 'La civilité doit être « Monsieur » ou « Madame ».');
  return valid(raw);
}
