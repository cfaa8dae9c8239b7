import { evolveSecondFactor, forgetWorkstations } from '../second-factor/evolve-second-factor.js';
import { emptySecondFactor } from '../second-factor/second-factor-state.js';
import { assertNever } from '../shared/assert-never.js';
import type { AccountEvent } from './account-events.js';
import type { Account, AccountState, IssuedToken, TokenStatus } from './account-state.js';

function markPending(tokens: Readonly<Record<string, IssuedToken>>, status: TokenStatus): Record<string, IssuedToken> {
  return Object.fromEntries(
    Object.entries(tokens).map(([hash, token]) => [hash, token.status === 'pending' ? { ...token, status } : token]),
  );
}

function mark(tokens: Readonly<Record<string, IssuedToken>>, hash: string, status: TokenStatus): Record<string, IssuedToken> {
  const token = tokens[hash];
  return token ? { ...tokens, [hash]: { ...token, status } } : { ...tokens };
}

export function evolveAccount(state: AccountState, event: AccountEvent): AccountState {
  if (event.type === 'account.created') {
    const d = event.data;
    return {
      accountId: d.accountId,
      employerId: d.employerId,
      identifier: d.identifier,
      profile: d.profile,
      createdAs: d.profile,
      civility: d.civility,
      lastName: d.lastName,
      firstName: d.firstName,
      email: d.email,
      phone: d.phone,
      professionalAddress: d.professionalAddress,
      rights: d.rights,
      status: 'invited',
      createdAt: d.createdAt,
      administratorSince: d.profile === 'administrator' ? d.createdAt : null,
      promotionPending: false,
      invitations: {},
      passwordResets: {},
      passwordHash: null,
      activatedAt: null,
      lastSignInAt: null,
      consecutiveFailedSignIns: 0,
      inactivityWarningFor: null,
      renewedAt: null,
      personalDataErasedAt: null,
      // Streams recorded before the second factor replay to this too: no upcast needed.
      secondFactor: emptySecondFactor,
    };
  }
  // Every other event follows creation; a stream starting otherwise is corrupt.
  if (state === null) throw new Error(`${event.type} before account.created`);
  return evolveExisting(state, event);
}

function evolveExisting(account: Account, event: Exclude<AccountEvent, { type: 'account.created' }>): Account {
  switch (event.type) {
    case 'account.password-invitation-issued': {
      const invitations = markPending(account.invitations, 'superseded');
      invitations[event.data.tokenHash] = { issuedAt: event.data.issuedAt, expiresAt: event.data.expiresAt, status: 'pending' };
      return { ...account, invitations };
    }
    case 'account.password-created':
      return {
        ...account,
        invitations: mark(account.invitations, event.data.tokenHash, 'used'),
        passwordHash: event.data.passwordHash,
        status: 'active',
        // A fresh link is how an administrator brings back a locked or deactivated account.
        activatedAt: event.data.createdAt,
        consecutiveFailedSignIns: 0,
        inactivityWarningFor: null,
        secondFactor: { ...forgetWorkstations(account.secondFactor), consecutiveFailures: 0 },
      };
    case 'account.invitation-expired':
      return { ...account, invitations: mark(account.invitations, event.data.tokenHash, 'expired') };
    case 'account.contact-details-changed': {
      const next: Account = { ...account };
      const changes = event.data.changes;
      if (changes.civility) next.civility = changes.civility.to;
      if (changes.lastName) next.lastName = changes.lastName.to;
      if (changes.firstName) next.firstName = changes.firstName.to;
      if (changes.email) next.email = changes.email.to;
      if (changes.phone) next.phone = changes.phone.to;
      if (changes.professionalAddress) next.professionalAddress = changes.professionalAddress.to;
      return next;
    }
    case 'account.rights-changed':
      return { ...account, rights: event.data.rights };
    case 'account.promoted-to-administrator':
      return {
        ...account,
        profile: 'administrator',
        professionalAddress: event.data.holder.professionalAddress,
        administratorSince: event.data.promotedAt,
        promotionPending: true,
      };
    case 'account.deleted':
      return { ...account, status: 'closed', secondFactor: forgetWorkstations(account.secondFactor) };
    case 'account.administrator-registration-cancelled':
      return event.data.outcome === 'closed'
        ? { ...account, status: 'closed', secondFactor: forgetWorkstations(account.secondFactor) }
        : { ...account, profile: 'user', administratorSince: null, promotionPending: false };
    case 'account.personal-data-erased':
      // The contact details in state come from sealed events: they replay as « donnée effacée » once the key is gone.
      return { ...account, personalDataErasedAt: event.data.erasedAt };
    case 'account.signed-in':
      return {
        ...account,
        lastSignInAt: event.data.signedInAt,
        consecutiveFailedSignIns: 0,
        promotionPending: false,
        inactivityWarningFor: null,
      };
    case 'account.sign-in-failed':
      return { ...account, consecutiveFailedSignIns: event.data.consecutiveFailures };
    case 'account.locked':
      // Whichever the reason (password or second factor); a pending code dies with the lock.
      return { ...account, status: 'locked', secondFactor: { ...forgetWorkstations(account.secondFactor), pendingCode: null } };
    case 'account.unlocked':
      return { ...account, status: 'active', consecutiveFailedSignIns: 0, secondFactor: { ...account.secondFactor, consecutiveFailures: 0 } };
    case 'account.renewed':
      return { ...account, renewedAt: event.data.renewedAt, inactivityWarningFor: null };
    case 'account.password-reset-requested': {
      const passwordResets = markPending(account.passwordResets, 'superseded');
      passwordResets[event.data.tokenHash] = {
        issuedAt: event.data.requestedAt,
        expiresAt: event.data.expiresAt,
        status: 'pending',
      };
      return { ...account, passwordResets };
    }
    case 'account.password-reset':
      return {
        ...account,
        passwordResets: mark(account.passwordResets, event.data.tokenHash, 'used'),
        passwordHash: event.data.passwordHash,
        status: 'active',
        consecutiveFailedSignIns: 0,
        // The reset also unlocks: the second factor's count starts again too.
        secondFactor: { ...forgetWorkstations(account.secondFactor), consecutiveFailures: 0 },
      };
    case 'account.password-rehashed':
      return { ...account, passwordHash: event.data.passwordHash };
    case 'account.inactivity-warned':
      return { ...account, inactivityWarningFor: event.data.deactivationAt };
    case 'account.deactivated':
      return { ...account, status: 'deactivated', secondFactor: forgetWorkstations(account.secondFactor) };
    case 'account.second-factor-code-issued':
    case 'account.second-factor-verified':
    case 'account.second-factor-failed':
    case 'account.totp-enrolment-started':
    case 'account.totp-enrolled':
    case 'account.totp-removed':
    case 'account.passkey-registered':
    case 'account.passkey-removed':
    case 'account.workstation-trusted':
    case 'account.workstation-revoked':
    case 'account.second-factor-reset':
      return { ...account, secondFactor: evolveSecondFactor(account.secondFactor, event) };
    default:
      return assertNever(event, 'account event');
  }
}
