import { Module } from '@nestjs/common';
import { ProjectionsRuntimeModule } from './projections-runtime.module.js';

/** Projections and process managers running in this process (embedded default) or in apps/worker. */
@Module({
  imports: [
    ProjectionsRuntimeModule,
  ],
})
export class BackgroundModule {}
