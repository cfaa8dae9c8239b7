import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { SqlDatabase } from '@peps/sql';
import { BackgroundModule } from '@peps/runtime';
import { CommandSideModule } from './command-side.module.js';
import type { PlatformConfig } from '@peps/runtime';
import { HealthModule } from '@peps/runtime';
import { HealthHttpModule } from '../operations/health/health-http.module.js';
import { ProcessManagersHttpModule } from './process-managers-http.module.js';
import { StorageModule } from '@peps/runtime';
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
        HealthHttpModule,
        CommandSideModule,
        QuerySideModule,
        ProcessManagersHttpModule,
        ...(config.runBackground ? [BackgroundModule] : []),
        WebModule,
      ],
    };
  }
}
