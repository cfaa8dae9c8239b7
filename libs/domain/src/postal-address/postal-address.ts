import { invalid, valid, type Validated } from '../shared/field-error.js';

export const POSTAL_ADDRESS_MAX_LINES = 6;
export const POSTAL_ADDRESS_MAX_LINE_LENGTH = 38;

/**
 * French postal norm (NF Z10-011): 1 to 6 lines of at most 38 characters, the last one
 * starting with the 5-digit postcode, e.g. `5 ALLEE DE L ILE GLORIETTE` / `BP 1005` / `44035 NANTES CEDEX 1`.
 * Blank lines at either end are dropped (forms post every input); a blank line in the middle is refused.
 */
export function validatePostalAddress(
  raw: unknown,
  field: string,
  required = true,
  missing = "L'adresse est obligatoire.",
): Validated<string[] | null> {
  if (raw === undefined || raw === null) return required ? invalid(field, missing) : valid(null);
  if (!Array.isArray(raw) || !raw.every((line) => typeof line === 'string')) {
    return invalid(field, "L'adresse doit être une liste de lignes.");
  }
  const lines = (raw as string[]).map((line) => line.trim().replace(/\s+/g, ' '));
  while (lines.length > 0 && lines[0] === '') lines.shift();
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return required ? invalid(field, missing) : valid(null);
  if (lines.length > POSTAL_ADDRESS_MAX_LINES) {
    return invalid(field, `L'adresse comporte au plus ${POSTAL_ADDRESS_MAX_LINES} lignes.`);
  }
  const errors = [];
  for (const [index, line] of lines.entries()) {
    if (line === '') errors.push({ field, message: `La ligne ${index + 1} de l'adresse est vide.` });
    else if (line.length > POSTAL_ADDRESS_MAX_LINE_LENGTH) {
      errors.push({
        field,
        message: `La ligne ${index + 1} de l'adresse dépasse ${POSTAL_ADDRESS_MAX_LINE_LENGTH} caractères.`,
      });
    } else if (/[\u0000-\u001f\u007f]/.test(line)) {
      errors.push({ field, message: `La ligne ${index + 1} de l'adresse contient des caractères non autorisés.` });
    }
  }
  if (!/^\d{5} \S/.test(lines[lines.length - 1])) {
    errors.push({
      field,
      message: "La dernière ligne de l'adresse doit commencer par le code postal à 5 chiffres suivi de la commune.",
    });
  }
  return errors.length > 0 ? { ok: false, errors } : valid(lines);
}
