import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BackgroundModule } from '../../platform/src/background.module.js';
import type { PlatformConfig } from '../../platform/src/config/platform-config.js';
import { HealthModule } from '../../platform/src/health/health.module.js';
import { StorageModule } from '../../platform/src/infrastructure/storage.module.js';

/** The platform's background work without HTTP: projections and process managers. */
@Module({})
export class WorkerModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: WorkerModule, imports: [CqrsModule.forRoot(), StorageModule.forRoot(config), HealthModule, BackgroundModule] };
  }
}
