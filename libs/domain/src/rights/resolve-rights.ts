import { validationFailed } from '../shared/domain-error.js';
import type { FieldError, Validated } from '../shared/field-error.js';
import { isAccessLevel, type AccessLevel } from './access-level.js';
import { isServiceCode, serviceCodes } from './rights-catalogue.js';
import { levelOf, type CompleteRights, type RightsMap } from './rights.js';

/** Input as it comes from a request body: anything, checked here. */
export type RightsInput = Readonly<Record<string, unknown>>;

/**
 * Checks a partial rights input: every key a known service, every value a level.
 * Errors are reported per service as `<field>.<code>`.
 */
export function validateRightsInput(input: unknown, field = 'rights'): Validated<Partial<Record<string, AccessLevel>>> {
  if (input === undefined || input === null) return { ok: true, value: {} };
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, errors: [{ field, message: 'Les droits doivent associer chaque service à un niveau d’accès.' }] };
  }
  const errors: FieldError[] = [];
  const value: Record<string, AccessLevel> = {};
  for (const [code, level] of Object.entries(input)) {
    if (!isServiceCode(code)) errors.push({ field: `${field}.${code}`, message: 'Ce service est inconnu.' });
    else if (!isAccessLevel(level)) {
      errors.push({
        field: `${field}.${code}`,
        message: 'Le niveau d’accès doit être « Aucun » (none), « Lecture seule » (read) ou « Modification » (write).',
      });
    } else value[code] = level;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** Complete rights: what the input says, the employer's template for the rest (`none` if the template lacks it). */
export function tryResolveRights(input: unknown, template: RightsMap, field = 'rights'): Validated<CompleteRights> {
  const checked = validateRightsInput(input, field);
  if (!checked.ok) return checked;
  const resolved = Object.fromEntries(
    serviceCodes.map((code) => [code, checked.value[code] ?? levelOf(template, code)]),
  ) as CompleteRights;
  return { ok: true, value: resolved };
}

/** As `tryResolveRights`, throwing a `validation.failed` DomainError on unknown services or bad levels. */
export function resolveRights(input: unknown, template: RightsMap, field = 'rights'): CompleteRights {
  const result = tryResolveRights(input, template, field);
  if (!result.ok) throw validationFailed(result.errors);
  return result.value;
}
