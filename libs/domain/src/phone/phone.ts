import { invalid, valid, type Validated } from '../shared/field-error.js';

// Overseas departments have their own country codes but the same 10-digit national numbering.
const overseasCountryCodes = ['262', '269', '508', '590', '594', '596'];

/**
 * French phone numbers, optional: `0241051938`, `02 41 05 19 38`, `+33 2 41 05 19 38`, `0033…`.
 * Normalised to the 10-digit national form the guide displays. Empty means "no phone".
 */
export function validatePhone(raw: unknown, field = 'phone'): Validated<string | null> {
  if (raw === undefined || raw === null) return valid(null);
  const message = "Le numéro de téléphone n'est pas valide (exemple : 02 41 05 19 38).";
  if (typeof raw !== 'string') return invalid(field, message);
  const trimmed = raw.trim();
  if (trimmed === '') return valid(null);
  if (trimmed.length > 30 || !/^\+?[\d .\-()]+$/.test(trimmed)) return invalid(field, message);
  let digits = trimmed.replace(/[ .\-()]/g, '');
  if (digits.startsWith('+')) digits = `00${digits.slice(1)}`;
  if (digits.startsWith('00')) {
    const international = digits.slice(2);
    const code = ['33', ...overseasCountryCodes].find((c) => international.startsWith(c));
    if (code === undefined) return invalid(field, message);
    digits = `0${international.slice(code.length).replace(/^\(?0\)?/, '')}`;
  }
  if (!/^0[1-9]\d{8}$/.test(digits)) return invalid(field, message);
  return valid(digits);
}
