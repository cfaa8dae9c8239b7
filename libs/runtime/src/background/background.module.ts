import { Module } from '@nestjs/common';
import { ProcessManagersModule } from './process-managers.module.js';
import { ProjectionsRuntimeModule } from './projections-runtime.module.js';

/** Projections and process managers running in this process (embedded default) or in apps/worker. */
@Module({
  imports: [
    ProjectionsRuntimeModule,
    ProcessManagersModule,
  ],
})
export class BackgroundModule {}
