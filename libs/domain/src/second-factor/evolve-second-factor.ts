import type { SecondFactorEvent } from '../account/account-events.js';
import { assertNever } from '../shared/assert-never.js';
import { emptySecondFactor, type SecondFactorState } from './second-factor-state.js';

function without<T>(records: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = records;
  return rest;
}

/** The second factor's part of the account fold. */
export function evolveSecondFactor(state: SecondFactorState, event: SecondFactorEvent): SecondFactorState {
  switch (event.type) {
    case 'account.second-factor-code-issued': {
      const { challengeId, method, codeDigest, issuedAt, expiresAt } = event.data;
      return { ...state, pendingCode: { challengeId, method, codeDigest, issuedAt, expiresAt } };
    }
    case 'account.second-factor-verified': {
      const d = event.data;
      const next: SecondFactorState = { ...state, pendingCode: null, consecutiveFailures: 0, lastVerifiedAt: d.verifiedAt };
      if (d.totpStep !== undefined && state.totp) next.totp = { ...state.totp, lastUsedStep: d.totpStep };
      if (d.recoveryCodeDigest !== undefined && Object.hasOwn(state.recoveryCodes, d.recoveryCodeDigest)) {
        next.recoveryCodes = { ...state.recoveryCodes, [d.recoveryCodeDigest]: { usedAt: d.verifiedAt } };
      }
      const passkey = d.passkeyId !== undefined && Object.hasOwn(state.passkeys, d.passkeyId) ? state.passkeys[d.passkeyId] : undefined;
      if (d.passkeyId !== undefined && passkey) {
        next.passkeys = { ...state.passkeys, [d.passkeyId]: { ...passkey, counter: d.passkeyCounter ?? passkey.counter, lastUsedAt: d.verifiedAt } };
      }
      return next;
    }
    case 'account.second-factor-failed':
      // The pending code stays usable: a typo must not force a new code.
      return { ...state, consecutiveFailures: event.data.consecutiveFailures };
    case 'account.totp-enrolment-started':
      return { ...state, pendingTotp: { secret: event.data.secret, startedAt: event.data.startedAt } };
    case 'account.totp-enrolled': {
      if (!state.pendingTotp) throw new Error('account.totp-enrolled without account.totp-enrolment-started');
      return {
        ...state,
        totp: { secret: state.pendingTotp.secret, enrolledAt: event.data.enrolledAt, lastUsedStep: event.data.step },
        pendingTotp: null,
        recoveryCodes: Object.fromEntries(event.data.recoveryCodeDigests.map((digest) => [digest, { usedAt: null }])),
      };
    }
    case 'account.totp-removed':
      return { ...state, totp: null, pendingTotp: null, recoveryCodes: {} };
    case 'account.passkey-registered': {
      const { passkeyId, credentialId, publicKey, counter, transports, name, registeredAt } = event.data;
      return {
        ...state,
        passkeys: { ...state.passkeys, [passkeyId]: { credentialId, publicKey, counter, transports, name, registeredAt, lastUsedAt: null } },
      };
    }
    case 'account.passkey-removed':
      return { ...state, passkeys: without(state.passkeys, event.data.passkeyId) };
    case 'account.workstation-trusted': {
      const { workstationId, tokenDigest, label, trustedAt, expiresAt } = event.data;
      return { ...state, workstations: { ...state.workstations, [workstationId]: { tokenDigest, label, trustedAt, expiresAt, lastUsedAt: null } } };
    }
    case 'account.workstation-revoked':
      return { ...state, workstations: without(state.workstations, event.data.workstationId) };
    case 'account.second-factor-reset':
      // Every factor, code and trusted workstation goes, as for a new account; only the last verification's time stays.
      return { ...emptySecondFactor, lastVerifiedAt: state.lastVerifiedAt };
    default:
      return assertNever(event, 'second factor event');
  }
}

/** A password created or reset, a lock, a closure or a deactivation: no workstation stays trusted. */
export function forgetWorkstations(state: SecondFactorState): SecondFactorState {
  return { ...state, workstations: {} };
}
