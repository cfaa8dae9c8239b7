import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { Operators, SecurityAudit } from '@peps/runtime';
import { AccountStaging } from '../accounts/create-account/account-staging.js';
import { authStorageProviders } from '../access/authentication/auth-storage.js';
import { AuthenticationGuard } from '../access/authentication/authentication.guard.js';
import { SessionStore } from '../access/authentication/session-store.js';
import { ChallengeStore } from '../access/second-factor/challenge-store.js';
import { OperatorWorkstations } from '../access/second-factor/operator-workstations.js';
import { LinkTokens } from '../access/links/link-tokens.js';
import { OutgoingLinks } from '../access/links/outgoing-links.js';
import { PasswordHasher } from '../access/passwords/password-hasher.js';
import { AttemptLimiter } from '../access/throttling/attempt-limiter.js';
import { AccountDirectory } from './command-side/account-directory.js';
import { AdministratorSet } from './command-side/administrator-set.js';
import { WriteSide } from './command-side/write-side.js';
import { WrittenPositionInterceptor } from './command-side/written-position.interceptor.js';

/**
 * What every area's handlers share: the write side, the `auth` schema's stores (sessions, links, directory,
 * operators), and the global guard that enforces `@Public()` / `@Roles()` on every route of the platform, with the
 * interceptors recording refusals and answering the written position. Each area module imports it.
 */
@Module({
  providers: [
    ...authStorageProviders,
    { provide: APP_INTERCEPTOR, useClass: WrittenPositionInterceptor },
    WriteSide,
    AdministratorSet,
    // One budget of attempts for sign-in, recovery and second-factor codes.
    AttemptLimiter,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
  ],
  exports: [WriteSide, AdministratorSet, SessionStore, AccountDirectory, AccountStaging, LinkTokens, OutgoingLinks, Operators, SecurityAudit, PasswordHasher, ChallengeStore, OperatorWorkstations, AttemptLimiter],
})
export class CommandSideModule {}
