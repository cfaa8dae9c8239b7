import { createHash, randomInt } from 'node:crypto';
import { RECOVERY_CODE_COUNT } from '@peps/domain';

// Digests are domain-separated: a code digest can never be mistaken for a token digest of another table.
const CODE_PREFIX = 'peps-second-factor-code:';
const RECOVERY_PREFIX = 'peps-recovery-code:';
/** No 0/O, 1/I/L: a recovery code is copied by hand from paper. */
const RECOVERY_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Six digits from the CSPRNG, leading zeros kept. */
export function newSixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** Only this digest is stored (in the account's stream or the operator's challenge). */
export function digestCode(code: string): string {
  return createHash('sha256').update(CODE_PREFIX + code.trim(), 'utf8').digest('hex');
}

/** `7K4M-Q2XH`: 8 characters of a 31-letter alphabet (~40 bits), single use, shown once. */
export function newRecoveryCodes(): { codes: string[]; digests: string[] } {
  const codes = new Set<string>();
  while (codes.size < RECOVERY_CODE_COUNT) {
    const chars = Array.from({ length: 8 }, () => RECOVERY_ALPHABET[randomInt(0, RECOVERY_ALPHABET.length)]);
    codes.add(`${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`);
  }
  const list = [...codes];
  return { codes: list, digests: list.map(digestRecoveryCode) };
}

/** Case, spaces and dashes do not matter when a recovery code is typed back. */
export function digestRecoveryCode(code: string): string {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(RECOVERY_PREFIX + normalised, 'utf8').digest('hex');
}
