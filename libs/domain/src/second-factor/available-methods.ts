import type { Account } from '../account/account-state.js';
import { isMobilePhone } from './mobile-phone.js';
import type { SecondFactorMethod } from './second-factor-policy.js';

/** The methods the account can use now, in the order the sign-in page offers them. */
export function availableMethods(account: Account): SecondFactorMethod[] {
  const { totp, passkeys, recoveryCodes } = account.secondFactor;
  const methods: SecondFactorMethod[] = ['email'];
  if (isMobilePhone(account.phone)) methods.push('sms');
  if (totp) methods.push('totp');
  if (Object.keys(passkeys).length > 0) methods.push('passkey');
  // Recovery codes stand in for the authenticator application: they exist only with it.
  if (totp && Object.values(recoveryCodes).some((code) => code.usedAt === null)) methods.push('recovery');
  return methods;
}
