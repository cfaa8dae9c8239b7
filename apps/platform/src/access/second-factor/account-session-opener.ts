import { Injectable } from '@nestjs/common';
import type { Account, AccountEvent, Role } from '@peps/domain';
import { SessionStore, type NewSession, type SessionAccount, type SessionGuard } from '../authentication/session-store.js';

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

  async open(recorded: Recorded, now: Date, secondFactorVerifiedAt: Date | null): Promise<SignedIn> {
    const { account, signedIn } = sessionAccountOf(recorded);
    return { session: await this.sessions.open(account, now, secondFactorVerifiedAt), account: signedIn };
  }

  /** As open(), in the guard's statement (the challenge used up): undefined when the guard changed nothing. */
  async openGuarded(recorded: Recorded, now: Date, secondFactorVerifiedAt: Date | null, guard: SessionGuard): Promise<SignedIn | undefined> {
    const { account, signedIn } = sessionAccountOf(recorded);
    const session = await this.sessions.openGuarded(account, now, secondFactorVerifiedAt, guard);
    return session && { session, account: signedIn };
  }
}

type Recorded = { account: Account; version: number; events: AccountEvent[] };

function sessionAccountOf(recorded: Recorded): { account: SessionAccount; signedIn: SignedIn['account'] } {
  const account = recorded.account;
  // The profile a session carries is the one recorded at sign-in: a promotion shows from the next one.
  const signedIn = recorded.events.find((event) => event.type === 'account.signed-in');
  const profile = signedIn?.type === 'account.signed-in' ? signedIn.data.profile : account.profile;
  const roles: Role[] = [profile];
  const displayName = displayNameOf(account);
  return {
    account: { accountId: account.accountId, identifier: account.identifier, roles, employerId: account.employerId, displayName, version: recorded.version },
    signedIn: { id: account.accountId, identifier: account.identifier, displayName, roles, employerId: account.employerId },
  };
}
