import { invalid, valid, type Validated } from '../shared/field-error.js';
import { normaliseIdentifier } from './identifier.js';

/** The bootstrap DRS operator's identifier comes from configuration: 1 to 9 letters or digits. */
export function validateOperatorIdentifier(raw: string, field = 'PEPS_BOOTSTRAP_OPERATOR_ID'): Validated<string> {
  const value = normaliseIdentifier(raw);
  if (value === undefined) {
    return invalid(field, "L'identifiant doit comporter de 1 à 9 lettres ou chiffres, sans accent ni espace.");
  }
  return valid(value);
}
