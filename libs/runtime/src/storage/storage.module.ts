import { Global, Module, type DynamicModule } from '@nestjs/common';
import { openEventStore, type EventStore } from '@peps/event-store';
import { KeyVault, SealingEventStore } from '@peps/personal-data';
import { openDatabase, type SqlDatabase } from '@peps/sql';
import { openKeyVault, personalFieldMap } from './personal-data-storage.js';
import { migrateAuthSchema } from './auth-migrations.js';
import { PlatformClock } from '../clock/platform-clock.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { EVENT_STORE, KEY_VAULT, PLATFORM_CLOCK, PLATFORM_CONFIG, SQL_DATABASE } from '../tokens.js';

/**
 * Opens the database (PGlite folder or PostgreSQL server), migrates the event store and exposes the adapters.
 * `overrides` lets tests hand in an already opened database.
 */
@Global()
@Module({})
export class StorageModule {
  static forRoot(config: PlatformConfig, overrides: { db?: SqlDatabase } = {}): DynamicModule {
    return {
      module: StorageModule,
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        {
          provide: SQL_DATABASE,
          useFactory: async () => {
            const db =
              overrides.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, preparedStatements: config.preparedStatements, dataDir: config.dataDir, applicationName: 'peps-platform' }));
            // The worker reads tables of the auth schema (links waiting for their mail) even if no platform ever
            // started on this database: every process migrates it.
            await migrateAuthSchema(db);
            return db;
          },
        },
        { provide: KEY_VAULT, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => openKeyVault(db, config) },
        {
          provide: EVENT_STORE,
          inject: [SQL_DATABASE, KEY_VAULT],
          // KURRENTDB_URL: events on KurrentDB/EventStoreDB; the SQL database still holds sessions, keys and read models.
          // Either way personal values are sealed on the way in and opened on the way out.
          useFactory: async (db: SqlDatabase, vault: KeyVault): Promise<EventStore> =>
            new SealingEventStore(await openEventStore({ kurrentDbUrl: config.kurrentDbUrl, db }), vault, personalFieldMap),
        },
        {
          provide: PLATFORM_CLOCK,
          inject: [SQL_DATABASE],
          useFactory: async (db: SqlDatabase) => {
            const clock = new PlatformClock(db, config.testClock);
            await clock.start();
            return clock;
          },
        },
      ],
      exports: [PLATFORM_CONFIG, SQL_DATABASE, KEY_VAULT, EVENT_STORE, PLATFORM_CLOCK],
    };
  }
}
