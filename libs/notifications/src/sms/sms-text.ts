/** A second-factor code sent by SMS (or mail) lives 5 minutes (SECOND_FACTOR_CODE_TTL_MINUTES in @peps/domain). */
export const SECOND_FACTOR_CODE_VALIDITY_MINUTES = 5;

/** The sign-in code SMS: short (one 160-character SMS, GSM alphabet), the code and nothing else to act on. */
export function smsCodeText(code: string): string {
  if (!/^\d{6}$/.test(code)) throw new TypeError('smsCodeText: the code must be 6 digits');
  return `PEP's Comptes : votre code de connexion est ${code}. Il est valable ${SECOND_FACTOR_CODE_VALIDITY_MINUTES} minutes. Ne le communiquez à personne.`;
}
