import { Module } from '@nestjs/common';
import { CommandSideModule } from '../shell/command-side.module.js';
import { BootstrapService } from './bootstrap/bootstrap.service.js';
import { DevOutboxController } from './dev-outbox/dev-outbox.controller.js';
import { HealthHttpModule } from './health/health-http.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ShutdownModule } from './shutdown/shutdown.module.js';
import { TestClockController } from './test-clock/test-clock.controller.js';

/** Running the platform: health, metrics, the graceful shutdown's HTTP drain, the bootstrap operator and demonstration data at start, the test clock, the outbox viewer. */
@Module({
  imports: [CommandSideModule, HealthHttpModule, MetricsModule, ShutdownModule],
  controllers: [TestClockController, DevOutboxController],
  providers: [BootstrapService],
})
export class OperationsModule {}
