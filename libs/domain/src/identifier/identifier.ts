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

/** Sign-in accepts identifiers in any case and with stray surrounding spaces. */
export function normaliseIdentifier(raw: string): string {
  return raw.trim().toUpperCase();
}

export function parseIdentifier(raw: string): ParsedIdentifier | undefined {
  const value = normaliseIdentifier(raw);
  const match = identifierPattern.exec(value);
  if (!match) return undefined;
  const sequence = Number(match[2]);
  if (sequence < 1) return undefined;
  return { value, prefix: match[1], sequence };
}
