import type { Account } from '../account/account-state.js';

/**
 * The contract's sensitive actions, as PEP's lists them: they need a second factor verified in the last
 * STEP_UP_WINDOW_MINUTES (`stepUpSatisfied`). Creating an account, cancelling a registration and erasing data are
 * sensitive whatever they carry; a change of an account is when it touches what the rules below name.
 */
export interface AccountChangeRequest {
  /** The contact fields present in the request (only those change). */
  contact?: Readonly<Record<string, unknown>>;
  /** Requested levels by service code. */
  rights?: Readonly<Record<string, unknown>>;
}

/** The holder's own fields whose change needs a step-up (a stolen session must not redirect codes and links). */
const OWN_SENSITIVE_FIELDS = ['email', 'phone'] as const;

/**
 * An administrator changing another account's contact details or granting a `write` level it did not have, or
 * anyone changing their own e-mail or phone.
 */
export function accountChangeNeedsStepUp(actorAccountId: string, account: Account, change: AccountChangeRequest): boolean {
  const contact = change.contact ?? {};
  const own = actorAccountId === account.accountId;
  if (own) {
    if (OWN_SENSITIVE_FIELDS.some((field) => field in contact && !sameValue(contact[field], account[field]))) return true;
  } else if (Object.keys(contact).some((field) => field !== 'emailConfirmation' && !sameValue(contact[field], (account as unknown as Record<string, unknown>)[field]))) {
    return true;
  }
  const rights = change.rights ?? {};
  return Object.entries(rights).some(([service, level]) => level === 'write' && account.rights[service as keyof typeof account.rights] !== 'write');
}

function sameValue(requested: unknown, current: unknown): boolean {
  const normalise = (value: unknown) => (value === '' || value === undefined ? null : Array.isArray(value) ? JSON.stringify(value.map((line) => String(line).trim())) : typeof value === 'string' ? value.trim() : value);
  return normalise(requested) === normalise(current);
}
