import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { SqlDatabase } from '../../../libs/sql/src/index.js';
import { BackgroundModule } from './background.module.js';
import { CommandSideModule } from './command-side.module.js';
import type { PlatformConfig } from './config/platform-config.js';
import { HealthModule } from './health/health.module.js';
import { ProcessManagersHttpModule } from './process-managers-http.module.js';
import { StorageModule } from './infrastructure/storage.module.js';
import { QuerySideModule } from './query-side.module.js';
import { WebModule } from './web.module.js';

@Module({})
export class PlatformModule {
  static forRoot(config: PlatformConfig, overrides: { db?: SqlDatabase } = {}): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        CqrsModule.forRoot(),
        StorageModule.forRoot(config, overrides),
        HealthModule,
        CommandSideModule,
        QuerySideModule,
        ProcessManagersHttpModule,
        ...(config.runBackground ? [BackgroundModule] : []),
        WebModule,
      ],
    };
  }
}
