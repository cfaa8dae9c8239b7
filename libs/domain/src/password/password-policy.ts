import { isCommonPassword } from './common-passwords.js';

export type PasswordPolicyRule = 'min-length' | 'max-length' | 'digit' | 'lowercase' | 'uppercase' | 'special' | 'not-common';

export const PASSWORD_MIN_LENGTH = 8;
/** Not in the guide: bounds the cost of hashing (argon2id) whatever a client sends. */
export const PASSWORD_MAX_LENGTH = 128;

/** The guide's wording under "Votre mot de passe doit être composé au minimum de :". */
export const passwordPolicyLabels: Record<PasswordPolicyRule, string> = {
  'min-length': '8 caractères',
  'max-length': '128 caractères au maximum',
  digit: '1 chiffre',
  lowercase: '1 minuscule',
  uppercase: '1 majuscule',
  special: '1 caractère spécial',
  'not-common': 'pas un mot de passe trop courant',
};

export interface PasswordPolicyResult {
  ok: boolean;
  failures: PasswordPolicyRule[];
}

export function checkPasswordPolicy(password: string): PasswordPolicyResult {
  const length = [...password].length;
  const failures: PasswordPolicyRule[] = [];
  if (length < PASSWORD_MIN_LENGTH) failures.push('min-length');
  if (length > PASSWORD_MAX_LENGTH) failures.push('max-length');
  if (!/\p{Nd}/u.test(password)) failures.push('digit');
  if (!/\p{Ll}/u.test(password)) failures.push('lowercase');
  if (!/\p{Lu}/u.test(password)) failures.push('uppercase');
  if (!/[^\p{L}\p{N}]/u.test(password)) failures.push('special');
  if (isCommonPassword(password)) failures.push('not-common');
  return { ok: failures.length === 0, failures };
}

/** One French sentence for the `password` field of a 400 answer. */
export function passwordPolicyMessage(failures: readonly PasswordPolicyRule[]): string {
  if (failures.includes('max-length')) return `Le mot de passe ne doit pas dépasser ${PASSWORD_MAX_LENGTH} caractères.`;
  const missing = failures.filter((rule) => rule !== 'not-common' && rule !== 'max-length');
  if (missing.length > 0) {
    return `Votre mot de passe doit être composé au minimum de : ${missing.map((rule) => passwordPolicyLabels[rule]).join(', ')}.`;
  }
  return failures.includes('not-common') ? 'Ce mot de passe est trop courant : choisissez-en un autre.' : '';
}
