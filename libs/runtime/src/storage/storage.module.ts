import { Global, Module, type DynamicModule } from '@nestjs/common';
import { openEventStore, type EventStore } from '@peps/event-store';
import { openDatabase, type SqlDatabase } from '@peps/sql';
import { migrateAuthSchema } from './auth-migrations.js';
import { PlatformClock } from '../clock/platform-clock.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { EVENT_STORE, PLATFORM_CLOCK, PLATFORM_CONFIG, SQL_DATABASE } from '../tokens.js';

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
        {
          provide: EVENT_STORE,
          inject: [SQL_DATABASE],
          // KURRENTDB_URL: events on KurrentDB/EventStoreDB; the SQL database still holds sessions and read models.
          useFactory: (db: SqlDatabase): Promise<EventStore> => openEventStore({ kurrentDbUrl: config.kurrentDbUrl, db }),
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
      exports: [PLATFORM_CONFIG, SQL_DATABASE, EVENT_STORE, PLATFORM_CLOCK],
    };
  }
}
