import { invalid, valid, type Validated } from '../shared/field-error.js';

/** La Poste's establishments share this SIREN and are too many for the Luhn key alone. */
export const LA_POSTE_SIREN = '356000000';

export function luhnIsValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** INSEE's exception: a La Poste SIRET is valid when the plain sum of its digits is a multiple of 5. */
function isValidLaPosteSiret(siret: string): boolean {
  if (!siret.startsWith(LA_POSTE_SIREN)) return false;
  const sum = [...siret].reduce((total, c) => total + Number(c), 0);
  return sum % 5 === 0;
}

export function isValidSiret(siret: string): boolean {
  return /^\d{14}$/.test(siret) && (luhnIsValid(siret) || isValidLaPosteSiret(siret));
}

/** 14 digits (spaces accepted on input, as SIRETs are often written `123 456 789 00012`) with a valid key. */
export function validateSiret(raw: unknown, field = 'siret'): Validated<string> {
  if (typeof raw !== 'string' || raw.trim() === '') return invalid(field, 'Le numéro SIRET est obligatoire.');
  const siret = raw.replace(/\s/g, '');
  if (!/^\d{14}$/.test(siret)) return invalid(field, 'Le numéro SIRET doit comporter 14 chiffres.');
  if (!isValidSiret(siret)) return invalid(field, "Le numéro SIRET n'est pas valide (clé de contrôle incorrecte).");
  return valid(siret);
}
