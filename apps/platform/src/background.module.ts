import { Module } from '@nestjs/common';

/** Projections and process managers running in this process (embedded default) or in apps/worker. */
@Module({})
export class BackgroundModule {}
