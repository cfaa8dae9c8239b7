import { Module } from '@nestjs/common';
import { CommandSideModule } from '../shell/command-side.module.js';
import { BootstrapService } from './bootstrap/bootstrap.service.js';
import { DevOutboxController } from './dev-outbox/dev-outbox.controller.js';
import { HealthHttpModule } from './health/health-http.module.js';
import { TestClockController } from './test-clock/test-clock.controller.js';

/** Running the platform: health, the bootstrap operator and demonstration data at start, the test clock, the outbox viewer. */
@Module({
  imports: [CommandSideModule, HealthHttpModule],
  controllers: [TestClockController, DevOutboxController],
  providers: [BootstrapService],
})
export class OperationsModule {}
