import { accountContactErrors, validateRightsInput, type FieldError } from '@peps/domain';
import type { AccountInput } from '../create-account/prepare-account-creation.js';
import { importHeaders, type ImportField, type ImportRow } from './import-csv.js';
import { personKey } from '../create-account/same-person.js';

/** One line's error as the report shows it: the file's line, its column, a French sentence. */
export interface ImportLineError {
  line: number;
  field: string;
  message: string;
}

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim().toLowerCase();

// The file speaks the words of the form (« Administrateur », « Madame »); the account body, the domain's values.
const profileWords: Record<string, string> = { administrateur: 'administrator', administrator: 'administrator', utilisateur: 'user', user: 'user' };
const civilityWords: Record<string, string> = { monsieur: 'monsieur', m: 'monsieur', 'm.': 'monsieur', madame: 'madame', mme: 'madame' };
const levelWords: Record<string, string> = { aucun: 'none', none: 'none', lecture: 'read', 'lecture seule': 'read', read: 'read', modification: 'write', write: 'write' };

/** The account body a line stands for; words it does not know go to the domain as written, for its own message. */
export function importLineInput(row: ImportRow): AccountInput {
  const { contact } = row;
  const address = contact.professionalAddress.split('|').map((part) => part.trim()).filter((part) => part !== '');
  const rights = Object.fromEntries(Object.entries(row.rights).map(([code, cell]) => [code, levelWords[fold(cell)] ?? cell]));
  return {
    profile: profileWords[fold(contact.profile)] ?? contact.profile,
    civility: civilityWords[fold(contact.civility)] ?? contact.civility,
    lastName: contact.lastName,
    firstName: contact.firstName,
    email: contact.email,
    // A file has one e-mail cell: it is its own confirmation.
    emailConfirmation: contact.email,
    phone: contact.phone === '' ? undefined : contact.phone,
    professionalAddress: address.length === 0 ? undefined : address,
    rights,
  };
}

/** The file's column for a field the domain names (`lastName` → « nom », `rights.X` → X). */
export const columnOf = (field: string): string => {
  const [head, code] = field.split('.');
  if (Object.hasOwn(importHeaders, head)) return importHeaders[head as ImportField];
  return head === 'rights' && code ? code : field;
};

/** The creation form's own rules (validateAccountContact, validateRightsInput), reported by column. */
export function importLineErrors(row: ImportRow, input: AccountInput): ImportLineError[] {
  const errors: FieldError[] = [...accountContactErrors(input)];
  const rights = validateRightsInput(input.rights);
  if (!rights.ok) {
    for (const error of rights.errors) {
      const code = error.field.split('.')[1];
      const written = code ? row.rights[code] : undefined;
      // The domain names the API's values (none, read, write); the file's are French words.
      errors.push(written !== undefined && levelWords[fold(written)] === undefined ? { field: error.field, message: 'Le droit doit être « aucun », « lecture » ou « modification ».' } : error);
    }
  }
  return errors.map((error) => ({ line: row.line, field: columnOf(error.field), message: error.message }));
}

/** A line whose person an earlier line of the same file already stands for. */
export function duplicateLineErrors(lines: readonly { line: number; input: AccountInput }[]): ImportLineError[] {
  const first = new Map<string, number>();
  const errors: ImportLineError[] = [];
  for (const { line, input } of lines) {
    const key = personKey(input);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, line);
    else errors.push({ line, field: 'courriel', message: `Cette personne figure déjà à la ligne ${earlier} du fichier : un seul compte sera créé.` });
  }
  return errors;
}

export const alreadyHasAccount = (line: number, identifier: string): ImportLineError => ({
  line,
  field: 'courriel',
  message: `Cette personne a déjà un compte dans l’établissement (identifiant ${identifier}) : il n’est pas créé une seconde fois.`,
});
