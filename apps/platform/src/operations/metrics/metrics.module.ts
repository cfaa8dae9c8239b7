import { Global, Module } from '@nestjs/common';
import { HttpObservation } from './http-observation.js';
import { MetricsCollection } from './metrics-collection.js';
import { MetricsController } from './metrics.controller.js';
import { PlatformMetrics } from './platform-metrics.js';

/**
 * `GET /metrics` and what feeds it. Global: the write side times its appends and the sign-in counts its outcomes
 * on the same registry, whatever module they live in.
 */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [PlatformMetrics, MetricsCollection, HttpObservation],
  exports: [PlatformMetrics, HttpObservation],
})
export class MetricsModule {}
