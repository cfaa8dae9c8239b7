import { Global, Module } from '@nestjs/common';
import { HealthController } from '@peps/platform';
import { HealthRegistry } from './health-registry.js';

@Global()
@Module({ controllers: [HealthController], providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule {}
