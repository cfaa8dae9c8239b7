import { Global, Inject, Injectable, Module, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { SqlDatabase } from '@peps/sql';
import type { ReadModelReaders } from '@peps/projections';
import type { PlatformConfig } from '../config/platform-config.js';
import { PLATFORM_CONFIG, SQL_DATABASE } from '../tokens.js';
import { openReadSide, type ReadSide } from './read-store-selection.js';
import { READ_SIDE, READ_STORE, readerTokens } from './read-models.tokens.js';
import { ReadYourWrites } from './read-your-writes.js';

/**
 * Closes the MongoDB client at shutdown. The module is global, so Nest runs this hook after those of the modules
 * that use the store (the projection runners stop first).
 */
@Injectable()
export class ReadStoreCloser implements OnApplicationShutdown {
  constructor(@Inject(READ_SIDE) private readonly readSide: ReadSide) {}

  async onApplicationShutdown(): Promise<void> {
    await this.readSide.close();
  }
}

const readerProviders: Provider[] = (Object.keys(readerTokens) as (keyof ReadModelReaders)[]).map((name) => ({
  provide: readerTokens[name],
  inject: [READ_SIDE],
  useFactory: (readSide: ReadSide) => readSide.readers[name],
}));

/**
 * The read store, with every projection's tables or collections ready before anything queries it (MongoDB when
 * `MONGODB_URL` is set, else the SQL database's schema `read`), and each read model's reader on it.
 */
@Global()
@Module({
  providers: [
    {
      provide: READ_SIDE,
      inject: [PLATFORM_CONFIG, SQL_DATABASE],
      useFactory: (config: PlatformConfig, db: SqlDatabase) => openReadSide(config, db),
    },
    { provide: READ_STORE, inject: [READ_SIDE], useFactory: (readSide: ReadSide) => readSide.readStore },
    ...readerProviders,
    ReadStoreCloser,
    ReadYourWrites,
  ],
  exports: [READ_STORE, ...Object.values(readerTokens), ReadYourWrites],
})
export class ReadStoreModule {}
