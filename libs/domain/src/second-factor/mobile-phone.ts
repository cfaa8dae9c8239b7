import { validatePhone } from '../phone/phone.js';

/**
 * A French mobile number (06, 07, +33 6, +33 7, overseas 069x…) can receive the SMS code. Read through the phone
 * module's normalisation, so spaces, dots and the international forms are accepted.
 */
export function isMobilePhone(phone: string | null): boolean {
  if (phone === null) return false;
  const normalised = validatePhone(phone);
  return normalised.ok && normalised.value !== null && /^0[67]\d{8}$/.test(normalised.value);
}
