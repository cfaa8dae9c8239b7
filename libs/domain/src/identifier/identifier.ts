import { DomainError } from '../shared/domain-error.js';

export const IDENTIFIER_SEQUENCE_MAX = 999_999;

export interface ParsedIdentifier {
  value: string;
  prefix: string;
  sequence: number;
}

const identifierPattern = /^([A-Z]{3})(\d{6})$/;

/** `JLO` + 439 → `JLO000439`. The sequence is platform-wide, so running out is a real (if distant) event. */
export function formatIdentifier(prefix: string, sequence: number): string {
  if (!/^[A-Z]{3}$/.test(prefix)) throw new TypeError(`Invalid identifier prefix: ${prefix}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new TypeError(`Invalid identifier sequence: ${sequence}`);
  if (sequence > IDENTIFIER_SEQUENCE_MAX) throw new DomainError('identifier.sequence-exhausted');
  return prefix + String(sequence).padStart(6, '0');
}

/** The longest identifier the platform issues: `JLO000439` for employer accounts, 1 to 9 letters or digits for operators. */
export const IDENTIFIER_MAX_LENGTH = 9;

const typedIdentifierPattern = new RegExp(`^[A-Za-z0-9]{1,${IDENTIFIER_MAX_LENGTH}}$`);

/**
 * The one normalisation of a typed identifier, for sign-in, its throttle and "Mot de passe oublié ?" alike: stray
 * ASCII spaces around it are dropped, then it must be 1 to 9 ASCII letters or digits, and is upper-cased. Anything
 * else (a letter outside ASCII such as `ſ` or `ı`, which Unicode upper-cases to `S` and `I`; a fullwidth or accented
 * letter; a space or punctuation inside; too long; empty) is no identifier at all: `undefined`, never a near match.
 */
export function normaliseIdentifier(raw: string): string | undefined {
  const trimmed = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  return typedIdentifierPattern.test(trimmed) ? trimmed.toUpperCase() : undefined;
}

export function parseIdentifier(raw: string): ParsedIdentifier | undefined {
  const value = normaliseIdentifier(raw);
  if (value === undefined) return undefined;
  const match = identifierPattern.exec(value);
  if (!match) return undefined;
  const sequence = Number(match[2]);
  if (sequence < 1) return undefined;
  return { value, prefix: match[1], sequence };
}
