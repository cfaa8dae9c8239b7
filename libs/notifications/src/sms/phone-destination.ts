import { SmsDeliveryError } from './sms-sender.js';

/**
 * Mobiles of the overseas departments share the national 06 numbering but not the country code
 * (ARCEP plan): 0690/0691 Guadeloupe (590), 0694 Guyane (594), 0696/0697 Martinique (596), 0692/0693 La Réunion
 * and 0639 Mayotte (262). The phone module stores them in national form, so the code is found back here.
 */
const OVERSEAS_MOBILE_PREFIXES: ReadonlyArray<readonly [string, string]> = [
  ['0690', '590'],
  ['0691', '590'],
  ['0694', '594'],
  ['0696', '596'],
  ['0697', '596'],
  ['0692', '262'],
  ['0693', '262'],
  ['0639', '262'],
];

/**
 * The destination of an SMS in international form without `+` (what SMPP wants with TON international, NPI
 * ISDN): a French mobile `06 12 34 56 78` becomes `33612345678` (`07…` → `337…`; overseas 069x/0639 get their
 * own country code); `+33 6…`, `0033 6…` and `+33 (0)6…` become `336…`; any other `+<country code>` number is
 * kept (E.164: 8 to 15 digits). A national number other than 06/07 is refused: it reaches no mobile.
 */
export function internationalDestination(phone: string): string {
  const compact = typeof phone === 'string' ? phone.trim().replace(/[\s.\-()]/g, '') : '';
  if (/^0[67]\d{8}$/.test(compact)) {
    const overseas = OVERSEAS_MOBILE_PREFIXES.find(([prefix]) => compact.startsWith(prefix));
    return `${overseas ? overseas[1] : '33'}${compact.slice(1)}`;
  }
  const international = /^(?:\+|00)([1-9]\d{7,14})$/.exec(compact)?.[1];
  if (!international) throw new SmsDeliveryError(`Not a mobile number an SMS can be sent to: ${JSON.stringify(phone)}`);
  // "+33 (0)6 …": the national trunk 0 has no place after the country code.
  const digits = international.startsWith('330') ? `33${international.slice(3)}` : international;
  if (digits.startsWith('33') && !/^33[1-9]\d{8}$/.test(digits)) {
    throw new SmsDeliveryError(`Not a valid French number: ${JSON.stringify(phone)}`);
  }
  return digits;
}
