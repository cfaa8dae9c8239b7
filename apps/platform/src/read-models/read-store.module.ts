import { Global, Module } from '@nestjs/common';
import { SqlReadStore } from '../../../../libs/read-store/src/index.js';
import type { SqlDatabase } from '../../../../libs/sql/src/index.js';
import { allProjections } from '../../../../projections/index.js';
import { SQL_DATABASE } from '../infrastructure/tokens.js';
import { READ_STORE } from './read-models.tokens.js';
import { ReadYourWrites } from './read-your-writes.js';

/** The SQL read store (schema `read`), migrated with every projection's tables before anything queries it. */
@Global()
@Module({
  providers: [
    { provide: READ_STORE, inject: [SQL_DATABASE], useFactory: (db: SqlDatabase) => SqlReadStore.open(db, allProjections) },
    ReadYourWrites,
  ],
  exports: [READ_STORE, ReadYourWrites],
})
export class ReadStoreModule {}
