import { invalid, valid, type Validated } from '../shared/field-error.js';

export const PERSON_NAME_MAX_LENGTH = 100;

const namePattern = /^[\p{L}\p{M}]+(?:[ '’-]+[\p{L}\p{M}]+)*$/u;

/** Required, trimmed, at most 100 characters; letters (accents included), spaces, hyphens, apostrophes. */
export function validatePersonName(raw: unknown, field: string, subject: string): Validated<string> {
  if (typeof raw !== 'string' || raw.trim() === '') return invalid(field, `${subject} est obligatoire.`);
  const value = raw.trim().replace(/\s+/g, ' ').normalize('NFC');
  if (value.length > PERSON_NAME_MAX_LENGTH) {
    return invalid(field, `${subject} ne doit pas dépasser ${PERSON_NAME_MAX_LENGTH} caractères.`);
  }
  if (!namePattern.test(value)) {
    return invalid(field, `${subject} ne peut contenir que des lettres, des espaces, des tirets et des apostrophes.`);
  }
  return valid(value);
}

export const validateLastName = (raw: unknown, field = 'lastName') => validatePersonName(raw, field, 'Le nom');
export const validateFirstName = (raw: unknown, field = 'firstName') => validatePersonName(raw, field, 'Le prénom');
