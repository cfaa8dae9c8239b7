import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { SqlDatabase } from '@peps/sql';
import type { PlatformConfig } from '../config/platform-config.js';
import { PLATFORM_CONFIG, SQL_DATABASE } from '../tokens.js';
import { closeReadStore, openReadStore, type PlatformReadStore } from './read-store-selection.js';
import { READ_STORE } from './read-models.tokens.js';
import { ReadYourWrites } from './read-your-writes.js';

/**
 * Closes the MongoDB client at shutdown. The module is global, so Nest runs this hook after those of the modules
 * that use the store (the projection runners stop first).
 */
@Injectable()
export class ReadStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(READ_STORE) private readonly readStore: PlatformReadStore) {}

  async onApplicationShutdown(): Promise<void> {
    await closeReadStore(this.readStore);
  }
}

/**
 * The read store, with every projection's tables or collections ready before anything queries it: MongoDB when
 * `MONGODB_URL` is set, else the SQL database's schema `read`.
 */
@Global()
@Module({
  providers: [
    {
      provide: READ_STORE,
      inject: [PLATFORM_CONFIG, SQL_DATABASE],
      useFactory: (config: PlatformConfig, db: SqlDatabase) => openReadStore(config, db),
    },
    ReadStoreCloser,
    ReadYourWrites,
  ],
  exports: [READ_STORE, ReadYourWrites],
})
export class ReadStoreModule {}
