import { Injectable } from '@nestjs/common';
import type { Account, AccountEvent, Role } from '@peps/domain';
import { SessionStore, type NewSession } from '../authentication/session-store.js';

export interface SignedIn {
  session: NewSession;
  account: { id: string; identifier: string; displayName: string; roles: Role[]; employerId?: string };
}

export function displayNameOf(account: Pick<Account, 'civility' | 'firstName' | 'lastName'>): string {
  return `${account.civility === 'madame' ? 'Mme' : 'M.'} ${account.firstName} ${account.lastName}`;
}

/** Opens the session of an employer account whose sign-in was just recorded (with or without a second factor). */
@Injectable()
export class AccountSessionOpener {
  constructor(private readonly sessions: SessionStore) {}

  async open(recorded: { account: Account; version: number; events: AccountEvent[] }, now: Date, secondFactorVerifiedAt: Date | null): Promise<SignedIn> {
    const account = recorded.account;
    // The profile a session carries is the one recorded at sign-in: a promotion shows from the next one.
    const signedIn = recorded.events.find((event) => event.type === 'account.signed-in');
    const profile = signedIn?.type === 'account.signed-in' ? signedIn.data.profile : account.profile;
    const roles: Role[] = [profile];
    const displayName = displayNameOf(account);
    const session = await this.sessions.open(
      { accountId: account.accountId, identifier: account.identifier, roles, employerId: account.employerId, displayName, version: recorded.version },
      now,
      secondFactorVerifiedAt,
    );
    return { session, account: { id: account.accountId, identifier: account.identifier, displayName, roles, employerId: account.employerId } };
  }
}
