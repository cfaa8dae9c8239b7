import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@peps/event-store';
import { FAILURES, ProjectionSet, type ProjectionStatus, type ProjectionStore } from '@peps/read-store';
import { allProjections } from '@peps/projections';
import { HealthRegistry } from '../health/health-registry.js';
import { EVENT_STORE } from '../tokens.js';
import { READ_STORE } from '../read-models/read-models.tokens.js';
import type { PlatformReadStore } from '../read-models/read-store-selection.js';
import { ReadStoreModule } from '../read-models/read-store.module.js';

/** Lag above which `/api/health` reports a projection as behind. */
const LAG_ALERT = 10_000;

/** Pure: the health line of a projection; skipped events point to where the failures are kept on that store. */
export function projectionHealthDetail(status: ProjectionStatus, kind: ProjectionStore['kind']): string {
  const failures = kind === 'mongodb' ? `la collection MongoDB ${FAILURES}` : 'read.projection_failures';
  return `${status.state}, position ${status.checkpoint}${status.skippedEvents ? `, ${status.skippedEvents} événement(s) ignoré(s) : voir ${failures}` : ''}`;
}

/** Runs every projection in this process (one active runner per projection across processes, by lease). */
@Injectable()
export class ProjectionsRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly set: ProjectionSet;

  constructor(@Inject(READ_STORE) readStore: PlatformReadStore, @Inject(EVENT_STORE) store: EventStore, health: HealthRegistry) {
    const logger = new Logger('Projections');
    const options = { logger: { log: (m: string) => logger.log(m), warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) } };
    this.set = new ProjectionSet(readStore, store, allProjections, options);
    health.register(async () =>
      (await this.set.status()).map((s) => ({
        name: `projection:${s.name}`,
        ok: s.lag < LAG_ALERT && s.failingEvents === 0,
        lag: s.lag,
        detail: projectionHealthDetail(s, readStore.kind),
      })),
    );
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.set.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.set.stop();
  }
}

@Module({ imports: [ReadStoreModule], providers: [ProjectionsRuntime], exports: [ProjectionsRuntime] })
export class ProjectionsRuntimeModule {}
