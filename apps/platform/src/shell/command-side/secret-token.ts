import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 bits from the CSPRNG, URL-safe: session tokens, CSRF tokens and e-mailed link tokens. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is ever stored; the token itself lives in the holder's hands (and, briefly, the outgoing link). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(tokenHash(a), 'hex');
  const right = Buffer.from(tokenHash(b), 'hex');
  return timingSafeEqual(left, right);
}

/** Constant-time comparison of a presented token with a stored digest. */
export function matchesDigest(token: string, digestHex: string): boolean {
  const presented = Buffer.from(tokenHash(token), 'hex');
  const stored = Buffer.from(digestHex, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
