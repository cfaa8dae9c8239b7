import type { Provider } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { SqlEventStore, type EventStore } from '../../../../libs/event-store/src/index.js';
import { migrate, type SqlDatabase } from '../../../../libs/sql/src/index.js';
import type { PlatformClock } from '../clock/platform-clock.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { AccountDirectory } from '../infrastructure/account-directory.js';
import { AccountStaging } from '../infrastructure/account-staging.js';
import { authMigrations } from '../infrastructure/auth-migrations.js';
import { LinkTokens } from '../infrastructure/link-tokens.js';
import { OutgoingLinks } from '../infrastructure/outgoing-links.js';
import { PasswordHasher } from '../infrastructure/password-hasher.js';
import { accountStreamSql } from '../infrastructure/streams.js';
import { EVENT_STORE, PLATFORM_CLOCK, PLATFORM_CONFIG, SQL_DATABASE } from '../infrastructure/tokens.js';
import { AccessRefusalInterceptor } from './access-refusal.interceptor.js';
import { Operators } from './operators.js';
import { SecurityAudit } from './security-audit.js';
import { SessionStore } from './session-store.js';

/** Resolved once the `auth` schema is migrated; every SQL helper of the write side waits for it. */
export const AUTH_SCHEMA = Symbol('AuthSchema');

const afterMigration = <T>(provide: new (...args: never[]) => T, make: (db: SqlDatabase, config: PlatformConfig) => T): Provider => ({
  provide,
  inject: [SQL_DATABASE, PLATFORM_CONFIG, AUTH_SCHEMA],
  useFactory: (db: SqlDatabase, config: PlatformConfig) => make(db, config),
});

export const authStorageProviders: Provider[] = [
  { provide: AUTH_SCHEMA, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => migrate(db, 'auth', authMigrations) },
  afterMigration(AccountDirectory, (db) => new AccountDirectory(db)),
  afterMigration(AccountStaging, (db) => new AccountStaging(db)),
  afterMigration(LinkTokens, (db) => new LinkTokens(db)),
  afterMigration(OutgoingLinks, (db) => new OutgoingLinks(db)),
  afterMigration(Operators, (db) => new Operators(db)),
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
        store instanceof SqlEventStore && store.db === db ? (accountId) => store.streamVersionSql(accountStreamSql(accountId)) : undefined,
      ),
  },
  // Every 403 decided by a handler goes to the audit trail too (the guard records its own).
  { provide: APP_INTERCEPTOR, useClass: AccessRefusalInterceptor },
  { provide: PasswordHasher, useValue: new PasswordHasher() },
];
