import type { Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { EventStore } from '@peps/event-store';
import type { SqlDatabase } from '@peps/sql';
import type { PlatformClock } from '@peps/runtime';
import type { PlatformConfig } from '@peps/runtime';
import { AccountDirectory } from '../../shell/command-side/account-directory.js';
import { AccountStaging } from '../../accounts/create-account/account-staging.js';
import { migrateAuthSchema } from '@peps/runtime';
import { LinkTokens } from '../links/link-tokens.js';
import { OutgoingLinks } from '../links/outgoing-links.js';
import { PasswordHasher } from '../passwords/password-hasher.js';
import { accountStreamSql, employerStreamSql } from '@peps/domain';
import { EVENT_STORE, PLATFORM_CLOCK, PLATFORM_CONFIG, SQL_DATABASE } from '@peps/runtime';
import { AccessRefusalInterceptor } from './access-refusal.interceptor.js';
import { Operators } from '@peps/runtime';
import { SecurityAudit } from '@peps/runtime';
import { SessionStore } from './session-store.js';
import { ChallengeStore } from '../second-factor/challenge-store.js';
import { OperatorWorkstations } from '../second-factor/operator-workstations.js';

/** Resolved once the `auth` schema is migrated; every SQL helper of the write side waits for it. */
export const AUTH_SCHEMA = Symbol('AuthSchema');

const afterMigration = <T>(provide: new (...args: never[]) => T, make: (db: SqlDatabase, config: PlatformConfig) => T): Provider => ({
  provide,
  inject: [SQL_DATABASE, PLATFORM_CONFIG, AUTH_SCHEMA],
  useFactory: (db: SqlDatabase, config: PlatformConfig) => make(db, config),
});

export const authStorageProviders: Provider[] = [
  { provide: AUTH_SCHEMA, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => migrateAuthSchema(db) },
  afterMigration(AccountDirectory, (db) => new AccountDirectory(db)),
  afterMigration(AccountStaging, (db) => new AccountStaging(db)),
  afterMigration(LinkTokens, (db) => new LinkTokens(db)),
  afterMigration(OutgoingLinks, (db) => new OutgoingLinks(db)),
  afterMigration(Operators, (db) => new Operators(db)),
  afterMigration(ChallengeStore, (db) => new ChallengeStore(db)),
  afterMigration(OperatorWorkstations, (db) => new OperatorWorkstations(db)),
  { provide: SecurityAudit, inject: [EVENT_STORE, PLATFORM_CLOCK], useFactory: (store: EventStore, clock: PlatformClock) => new SecurityAudit(store, clock) },
  {
    provide: SessionStore,
    inject: [SQL_DATABASE, PLATFORM_CONFIG, SecurityAudit, EVENT_STORE, AUTH_SCHEMA],
    useFactory: (db: SqlDatabase, config: PlatformConfig, audit: SecurityAudit, store: EventStore) =>
      new SessionStore(
        db,
        { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours },
        audit,
        // The log in the same database (not KurrentDB): the session and its account's version in one statement.
        // (The platform's store seals personal values around the SQL store: asked through the port, not its class.)
        store.sharesDatabase?.(db) && store.streamVersionSql
          ? { account: (accountId) => store.streamVersionSql!(accountStreamSql(accountId)), employer: (employerId) => store.streamVersionSql!(employerStreamSql(employerId)) }
          : undefined,
      ),
  },
  // Every 403 decided by a handler goes to the audit trail too (the guard records its own).
  { provide: APP_INTERCEPTOR, useClass: AccessRefusalInterceptor },
  { provide: PasswordHasher, useValue: new PasswordHasher() },
];
