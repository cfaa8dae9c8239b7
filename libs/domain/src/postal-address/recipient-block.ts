import type { Civility } from '../person-name/civility.js';
import { invalid, valid, type Validated } from '../shared/field-error.js';
import { POSTAL_ADDRESS_MAX_LINE_LENGTH, POSTAL_ADDRESS_MAX_LINES } from './postal-address.js';

export const REPRESENTATIVE_FUNCTION_MAX_LENGTH = POSTAL_ADDRESS_MAX_LINE_LENGTH;

export interface RecipientBlockInput {
  legalRepresentative: { civility: Civility; firstName?: string; lastName: string; function?: string | null };
  employerName: string;
  /** Address lines as registered (already checked by `validatePostalAddress`). */
  address: readonly string[];
}

const civilityWord = (civility: Civility): string => (civility === 'madame' ? 'Madame' : 'Monsieur');
const squash = (value: string | null | undefined): string => (value ?? '').trim().replace(/\s+/g, ' ');
/** Compared as a postman reads: case, accents and punctuation do not make another line. */
const comparable = (line: string): string =>
  squash(line).normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9]+/g, ' ').trim().toUpperCase();

/**
 * The address lines printed under the employer's name: a first line repeating that name is dropped, so the
 * letter never prints it twice (registrations often start the address with the establishment's name).
 */
export function addressBelowEmployer(employerName: string, address: readonly string[]): string[] {
  const lines = address.map(squash).filter((line) => line !== '');
  return lines.length > 1 && comparable(lines[0]) === comparable(employerName) ? lines.slice(1) : lines;
}

/**
 * The letter's recipient block, the one rule registration and letter share: the representative's name, their
 * optional function (« Maire »), the employer's name, then the address — at most 6 lines of 38 characters.
 */
export function recipientBlock(input: RecipientBlockInput): string[] {
  const { legalRepresentative: r } = input;
  const name = [civilityWord(r.civility), squash(r.firstName), squash(r.lastName).toUpperCase()].filter(Boolean).join(' ');
  const fn = squash(r.function);
  return [name, ...(fn ? [fn] : []), squash(input.employerName), ...addressBelowEmployer(input.employerName, input.address)];
}

/** How many address lines the block leaves once the name, the function and the employer are printed. */
export function addressLinesRoom(input: Omit<RecipientBlockInput, 'address'>): number {
  return POSTAL_ADDRESS_MAX_LINES - recipientBlock({ ...input, address: [] }).length;
}

/** Refuses a registration whose letter could not be addressed, saying how many address lines remain. */
export function validateRecipientBlock(input: RecipientBlockInput, field = 'address'): Validated<string[]> {
  const block = recipientBlock(input);
  const max = POSTAL_ADDRESS_MAX_LINE_LENGTH;
  if (block[0].length > max) {
    return invalid('legalRepresentative.lastName', `La civilité, le prénom et le nom du représentant légal dépassent ${max} caractères : ils ne tiennent pas sur une ligne du courrier.`);
  }
  if (squash(input.employerName).length > max) {
    return invalid('name', `Le nom de l'établissement dépasse ${max} caractères : il ne tient pas sur une ligne du courrier au représentant légal.`);
  }
  if (block.length > POSTAL_ADDRESS_MAX_LINES) {
    const room = addressLinesRoom(input);
    const used = addressBelowEmployer(input.employerName, input.address).length;
    return invalid(
      field,
      `Le courrier au représentant légal compte au plus ${POSTAL_ADDRESS_MAX_LINES} lignes : avec son nom` +
        `${squash(input.legalRepresentative.function) ? ', sa fonction' : ''} et le nom de l'établissement, ` +
        `il reste ${room} ligne${room > 1 ? 's' : ''} pour l'adresse (${used} saisie${used > 1 ? 's' : ''}).`,
    );
  }
  return valid(block);
}

/** The optional function (« Maire », « Directeur général »): one line of the block. */
export function validateRepresentativeFunction(raw: unknown, field = 'legalRepresentative.function'): Validated<string | null> {
  if (raw === undefined || raw === null) return valid(null);
  if (typeof raw !== 'string') return invalid(field, 'La fonction du représentant légal doit être un texte.');
  const value = squash(raw);
  if (value === '') return valid(null);
  if (value.length > REPRESENTATIVE_FUNCTION_MAX_LENGTH) {
    return invalid(field, `La fonction du représentant légal ne doit pas dépasser ${REPRESENTATIVE_FUNCTION_MAX_LENGTH} caractères.`);
  }
  if (/[\u0000-\u001f\u007f]/.test(value)) return invalid(field, 'La fonction du représentant légal contient des caractères non autorisés.');
  return valid(value);
}
