import { issueSecondFactorCode } from '../second-factor/decisions/issue-code.js';
import { registerPasskey, removePasskey } from '../second-factor/decisions/passkeys.js';
import { resetSecondFactor } from '../second-factor/decisions/reset.js';
import { confirmTotpEnrolment, removeTotp, startTotpEnrolment } from '../second-factor/decisions/totp-enrolment.js';
import { verifySecondFactor } from '../second-factor/decisions/verify.js';
import { revokeWorkstation } from '../second-factor/decisions/workstations.js';
import { assertNever } from '../shared/assert-never.js';
import type { CommandMetadata } from '../shared/command-metadata.js';
import type { Decider } from '../shared/decider.js';
import type { AccountCommand } from './account-commands.js';
import type { AccountEvent } from './account-events.js';
import { initialAccountState, type AccountState } from './account-state.js';
import { changeContactDetails } from './decisions/change-contact-details.js';
import { changeRights } from './decisions/change-rights.js';
import { cancelAdministratorRegistration, deleteAccount } from './decisions/close-account.js';
import { createAccount } from './decisions/create-account.js';
import { erasePersonalData } from './decisions/erase-personal-data.js';
import { existingAccount } from './decisions/guards.js';
import { deactivateForInactivity, recordInactivityWarning } from './decisions/inactivity.js';
import { createPassword, expireInvitation, issuePasswordInvitation } from './decisions/password-invitation.js';
import { completePasswordReset, requestPasswordReset } from './decisions/password-reset.js';
import { changeProfile, promoteToAdministrator } from './decisions/promote-to-administrator.js';
import { recordFailedSignIn, recordPasswordRehash, recordSignIn, unlockAccount } from './decisions/sign-in.js';
import { renewAccount } from './decisions/renew-account.js';
import { evolveAccount } from './evolve-account.js';

export function decideAccount(command: AccountCommand, state: AccountState, metadata: CommandMetadata): AccountEvent[] {
  if (command.type === 'CreateAccount') return createAccount(command, state, metadata);
  const account = existingAccount(state);
  switch (command.type) {
    case 'ChangeContactDetails':
      return changeContactDetails(command, account, metadata);
    case 'ChangeRights':
      return changeRights(command, account, metadata);
    case 'PromoteToAdministrator':
      return promoteToAdministrator(command, account, metadata);
    case 'ChangeProfile':
      return changeProfile(command, account, metadata);
    case 'DeleteAccount':
      return deleteAccount(command, account, metadata);
    case 'IssuePasswordInvitation':
      return issuePasswordInvitation(command, account, metadata);
    case 'CreatePassword':
      return createPassword(command, account, metadata);
    case 'ExpireInvitation':
      return expireInvitation(command, account, metadata);
    case 'RequestPasswordReset':
      return requestPasswordReset(command, account, metadata);
    case 'CompletePasswordReset':
      return completePasswordReset(command, account, metadata);
    case 'RecordSignIn':
      return recordSignIn(command, account, metadata);
    case 'RecordFailedSignIn':
      return recordFailedSignIn(command, account, metadata);
    case 'RecordPasswordRehash':
      return recordPasswordRehash(command, account, metadata);
    case 'UnlockAccount':
      return unlockAccount(command, account, metadata);
    case 'RenewAccount':
      return renewAccount(command, account, metadata);
    case 'CancelAdministratorRegistration':
      return cancelAdministratorRegistration(command, account, metadata);
    case 'ErasePersonalData':
      return erasePersonalData(command, account, metadata);
    case 'RecordInactivityWarning':
      return recordInactivityWarning(command, account, metadata);
    case 'DeactivateForInactivity':
      return deactivateForInactivity(command, account, metadata);
    case 'IssueSecondFactorCode':
      return issueSecondFactorCode(command, account, metadata);
    case 'VerifySecondFactor':
      return verifySecondFactor(command, account, metadata);
    case 'StartTotpEnrolment':
      return startTotpEnrolment(command, account, metadata);
    case 'ConfirmTotpEnrolment':
      return confirmTotpEnrolment(command, account, metadata);
    case 'RemoveTotp':
      return removeTotp(command, account, metadata);
    case 'RegisterPasskey':
      return registerPasskey(command, account, metadata);
    case 'RemovePasskey':
      return removePasskey(command, account, metadata);
    case 'RevokeWorkstation':
      return revokeWorkstation(command, account, metadata);
    case 'ResetSecondFactor':
      return resetSecondFactor(command, account, metadata);
    default:
      return assertNever(command, 'account command');
  }
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: initialAccountState,
  decide: decideAccount,
  evolve: evolveAccount,
};
