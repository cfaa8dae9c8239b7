import { Module, type DynamicModule } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { BackgroundModule } from '@peps/runtime';
import type { PlatformConfig } from '@peps/runtime';
import { HealthModule } from '@peps/runtime';
import { StorageModule } from '@peps/runtime';

/** The platform's background work without HTTP: projections and process managers. */
@Module({})
export class WorkerModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: WorkerModule, imports: [CqrsModule.forRoot(), StorageModule.forRoot(config), HealthModule, BackgroundModule] };
  }
}
