import { FieldErrors, invalid, valid, type Validated } from '../shared/field-error.js';

const localPart = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const domainLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Trimmed, with the domain lowercased (domains are case-insensitive; local parts formally are not). */
export function validateEmail(raw: unknown, field = 'email'): Validated<string> {
  if (typeof raw !== 'string' || raw.trim() === '') return invalid(field, 'Le courriel est obligatoire.');
  const trimmed = raw.trim();
  const at = trimmed.lastIndexOf('@');
  const message = "Le courriel n'est pas valide (exemple : monmail@employeur.fr).";
  if (trimmed.length > 254 || at <= 0) return invalid(field, message);
  const local = trimmed.slice(0, at);
  const domain = trimmed.slice(at + 1).toLowerCase();
  const labels = domain.split('.');
  const tld = labels[labels.length - 1];
  if (
    local.length > 64 ||
    !localPart.test(local) ||
    labels.length < 2 ||
    !labels.every((label) => domainLabel.test(label)) ||
    !/^[a-z]{2,}$/.test(tld)
  ) {
    return invalid(field, message);
  }
  return valid(`${local}@${domain}`);
}

/** The e-mail is entered twice; both must be valid and name the same mailbox. */
export function validateEmailWithConfirmation(
  email: unknown,
  confirmation: unknown,
  fields = { email: 'email', confirmation: 'emailConfirmation' },
): Validated<string> {
  const errors = new FieldErrors();
  const value = errors.take(validateEmail(email, fields.email));
  if (typeof confirmation !== 'string' || confirmation.trim() === '') {
    errors.add(fields.confirmation, 'La confirmation du courriel est obligatoire.');
  } else if (value !== undefined && confirmation.trim().toLowerCase() !== value.toLowerCase()) {
    errors.add(fields.confirmation, 'La confirmation du courriel ne correspond pas au courriel saisi.');
  }
  return errors.isEmpty && value !== undefined ? valid(value) : { ok: false, errors: errors.errors };
}
