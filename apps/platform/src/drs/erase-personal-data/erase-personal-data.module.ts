import { Logger, Module } from '@nestjs/common';
import type { EventStore } from '@peps/event-store';
import type { KeyVault } from '@peps/personal-data';
import { PersonalDataErasure } from '@peps/process-managers';
import { EVENT_STORE, KEY_VAULT, PLATFORM_CONFIG, SQL_DATABASE, type PlatformConfig } from '@peps/runtime';
import type { SqlDatabase } from '@peps/sql';
import { SecondFactorModule } from '../../access/second-factor/second-factor.module.js';
import { CommandSideModule } from '../../shell/command-side.module.js';
import { ErasePersonalDataController } from './erase-personal-data.controller.js';
import { ErasePersonalDataHandler } from './erase-personal-data.handler.js';
import { ErasePersonalDataPage } from './erase-personal-data.page.js';

/**
 * The DRS's erasure of a closed account's personal data: API and pages, and the steps the request runs at once
 * (@peps/process-managers; its `personal-data-erasure` process manager runs them again wherever the background work
 * runs, which finishes an erasure a crash cut short).
 */
@Module({
  imports: [CommandSideModule, SecondFactorModule],
  controllers: [ErasePersonalDataController, ErasePersonalDataPage],
  providers: [
    ErasePersonalDataHandler,
    {
      provide: PersonalDataErasure,
      inject: [EVENT_STORE, SQL_DATABASE, KEY_VAULT, PLATFORM_CONFIG],
      useFactory: (store: EventStore, db: SqlDatabase, vault: KeyVault, config: PlatformConfig) => {
        const logger = new Logger('PersonalDataErasure');
        return new PersonalDataErasure({
          store,
          db,
          vault,
          dataDir: config.dataDir,
          smtpUrl: config.smtpUrl,
          smsUrl: config.smsUrl,
          logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
        });
      },
    },
  ],
})
export class ErasePersonalDataModule {}
