import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

/** RFC 6238 as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** The name the authenticator app shows beside the account. */
export const TOTP_ISSUER = "PEP's Comptes";

/** A new Base32 secret (160 bits, as RFC 4226 recommends). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function otpauthUri(secret: string, identifier: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: identifier, secret, algorithm: 'sha1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** The QR code of the otpauth URI as an SVG document (inlined in the security page). */
export function qrCodeSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

/**
 * The absolute step (floor(epoch / 30)) whose code this is, one step either side of `now` (clocks drift), or null.
 * The domain refuses a step already used: a code seen over a shoulder cannot be replayed.
 */
export function matchTotpStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  try {
    const result = verifySync({ secret, token: code, algorithm: 'sha1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, epoch: Math.floor(now.getTime() / 1000), epochTolerance: TOTP_PERIOD_SECONDS });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  } catch {
    // A secret that is not Base32 (corrupt state) matches nothing.
    return null;
  }
}

/** The code an authenticator app shows at `at` (specs and journeys compute codes with it). */
export function totpCode(secret: string, at: Date): string {
  return generateSync({ secret, algorithm: 'sha1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, epoch: Math.floor(at.getTime() / 1000) });
}
