import type { FieldError } from '../shared/field-error.js';
import { isCommonPassword } from './common-passwords.js';
import { fold, foldedCompact, foldedWords } from './password-folding.js';

export type PasswordPolicyRule =
  | 'min-length'
  | 'max-length'
  | 'digit'
  | 'lowercase'
  | 'uppercase'
  | 'special'
  | 'not-common'
  | 'not-personal'
  | 'not-employer';

export const PASSWORD_MIN_LENGTH = 8;
/** Not in the guide: bounds the cost of hashing (argon2id) whatever a client sends. */
export const PASSWORD_MAX_LENGTH = 128;
/** A name part shorter than this is too common a string to refuse wherever it appears (see `personalWords`). */
export const PASSWORD_NAME_PART_MIN_LENGTH = 3;
/** The employer's name is refused by its words of at least this many letters (« CHRU DE NANTES »: chru, nantes). */
export const PASSWORD_EMPLOYER_WORD_MIN_LENGTH = 4;

/** The guide's wording under "Votre mot de passe doit être composé au minimum de :". */
export const passwordPolicyLabels: Record<PasswordPolicyRule, string> = {
  'min-length': '8 caractères',
  'max-length': '128 caractères au maximum',
  digit: '1 chiffre',
  lowercase: '1 minuscule',
  uppercase: '1 majuscule',
  special: '1 caractère spécial',
  'not-common': 'pas un mot de passe trop courant',
  'not-personal': 'ni votre nom, ni votre prénom, ni votre identifiant',
  'not-employer': 'pas le nom de votre établissement',
};

/** Who the password is for; each part may be unknown (absent, null or empty) and is then not checked. */
export interface PasswordPolicyContext {
  lastName?: string | null;
  firstName?: string | null;
  identifier?: string | null;
  employerName?: string | null;
}

export interface PasswordPolicyResult {
  ok: boolean;
  failures: PasswordPolicyRule[];
}

const compositionRules: readonly PasswordPolicyRule[] = ['min-length', 'digit', 'lowercase', 'uppercase', 'special'];

const sentences: Partial<Record<PasswordPolicyRule, string>> = {
  'not-common': 'Ce mot de passe est trop courant : choisissez-en un autre.',
  'not-personal': 'Le mot de passe ne doit pas contenir votre nom, votre prénom ou votre identifiant.',
  'not-employer': 'Le mot de passe ne doit pas contenir le nom de votre établissement.',
};

/**
 * The contract's policy: 8 to 128 characters with a digit, a lower-case and an upper-case letter and a special
 * character; not a common password (after folding and stripping the digits and symbols around the word); not
 * containing the holder's last name, first name or identifier, nor a word of 4 letters or more of the employer's
 * name (all compared after folding case and accents).
 */
export function checkPasswordPolicy(password: string, context: PasswordPolicyContext = {}): PasswordPolicyResult {
  const length = [...password].length;
  const failures: PasswordPolicyRule[] = [];
  if (length < PASSWORD_MIN_LENGTH) failures.push('min-length');
  if (length > PASSWORD_MAX_LENGTH) failures.push('max-length');
  if (!/\p{Nd}/u.test(password)) failures.push('digit');
  if (!/\p{Ll}/u.test(password)) failures.push('lowercase');
  if (!/\p{Lu}/u.test(password)) failures.push('uppercase');
  if (!/[^\p{L}\p{N}]/u.test(password)) failures.push('special');
  if (isCommonPassword(password)) failures.push('not-common');
  if (containsPersonalData(password, context)) failures.push('not-personal');
  if (containsEmployerName(password, context.employerName)) failures.push('not-employer');
  return { ok: failures.length === 0, failures };
}

/** One French sentence (or a few, one per kind of problem) for the `password` field of a 400 answer. */
export function passwordPolicyMessage(failures: readonly PasswordPolicyRule[]): string {
  if (failures.includes('max-length')) return `Le mot de passe ne doit pas dépasser ${PASSWORD_MAX_LENGTH} caractères.`;
  const parts: string[] = [];
  const missing = compositionRules.filter((rule) => failures.includes(rule));
  if (missing.length > 0) {
    parts.push(`Votre mot de passe doit être composé au minimum de : ${missing.map((rule) => passwordPolicyLabels[rule]).join(', ')}.`);
  }
  for (const rule of ['not-common', 'not-personal', 'not-employer'] as const) {
    if (failures.includes(rule)) parts.push(sentences[rule]!);
  }
  return parts.join(' ');
}

/** The policy as field errors: none when the password is acceptable, else one on `field` saying every problem. */
export function passwordPolicyErrors(password: string, context: PasswordPolicyContext = {}, field = 'password'): FieldError[] {
  const { ok, failures } = checkPasswordPolicy(password, context);
  return ok ? [] : [{ field, message: passwordPolicyMessage(failures) }];
}

/** The password folded as typed and with its letters and digits only, so `P-o l i c y` still shows `policy`. */
function haystacks(password: string): string[] {
  return [fold(password), foldedCompact(password)];
}

/**
 * The holder's names refuse a password that contains them, folded:
 * - every part of a compound name (split on spaces, hyphens and apostrophes) of at least 3 letters
 *   (« Saint-Exupéry » refuses `saint` and `exupery`; « Le Bihan » refuses `bihan`);
 * - each whole name and both orders of first and last name, spaces and hyphens dropped, when at least 3 letters
 *   (`lebihan`, `jeanlebihan`; « Li » « Na » refuses `lina` and `nali`).
 * A part or a name shorter than 3 letters (« Li », the « Le » of « Le Bihan ») is refused only when it is all the
 * letters of the password (`Li123456!`): refusing every password that contains `li` or `le` would refuse far too
 * much and protect nothing, a two-letter string being in any dictionary.
 */
function personalWords(context: PasswordPolicyContext): { contained: string[]; whole: string[] } {
  const contained = new Set<string>();
  const whole = new Set<string>();
  const consider = (word: string) => (word.length >= PASSWORD_NAME_PART_MIN_LENGTH ? contained : whole).add(word);
  const last = foldedWords(context.lastName ?? '');
  const first = foldedWords(context.firstName ?? '');
  for (const part of [...last, ...first]) consider(part);
  for (const name of [last, first, [...first, ...last], [...last, ...first]]) {
    if (name.length > 0) consider(name.join(''));
  }
  const identifier = foldedCompact(context.identifier ?? '');
  if (identifier.length >= PASSWORD_NAME_PART_MIN_LENGTH) contained.add(identifier);
  return { contained: [...contained], whole: [...whole] };
}

function containsPersonalData(password: string, context: PasswordPolicyContext): boolean {
  const { contained, whole } = personalWords(context);
  const folded = haystacks(password);
  if (contained.some((word) => folded.some((text) => text.includes(word)))) return true;
  const letters = fold(password).replace(/[^\p{L}]/gu, '');
  return whole.includes(letters);
}

function containsEmployerName(password: string, employerName: string | null | undefined): boolean {
  const words = foldedWords(employerName ?? '').filter((word) => word.length >= PASSWORD_EMPLOYER_WORD_MIN_LENGTH);
  const folded = haystacks(password);
  return words.some((word) => folded.some((text) => text.includes(word)));
}
