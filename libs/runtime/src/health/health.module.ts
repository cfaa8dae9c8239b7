import { Global, Module } from '@nestjs/common';
import { HealthRegistry } from './health-registry.js';

/** The registry every runner reports to; the platform serves it at `/api/health`, the worker has no HTTP. */
@Global()
@Module({ providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule {}
