import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '../../../libs/event-store/src/index.js';
import { ProjectionSet, type SqlReadStore } from '../../../libs/read-store/src/index.js';
import type { SqlDatabase } from '../../../libs/sql/src/index.js';
import { allProjections } from '../../../projections/index.js';
import { HealthRegistry } from './health/health-registry.js';
import { EVENT_STORE, SQL_DATABASE } from './infrastructure/tokens.js';
import { READ_STORE } from './read-models/read-models.tokens.js';
import { ReadStoreModule } from './read-models/read-store.module.js';

/** Lag above which `/api/health` reports a projection as behind. */
const LAG_ALERT = 10_000;

/** Runs every projection in this process (one active runner per projection across processes, by lease). */
@Injectable()
export class ProjectionsRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly set: ProjectionSet;

  constructor(
    @Inject(READ_STORE) readStore: SqlReadStore,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(SQL_DATABASE) db: SqlDatabase,
    health: HealthRegistry,
  ) {
    const logger = new Logger('Projections');
    this.set = new ProjectionSet(readStore, store, db, allProjections, {
      logger: { log: (m) => logger.log(m), warn: (m) => logger.warn(m), error: (m) => logger.error(m) },
    });
    health.register(async () =>
      (await this.set.status()).map((s) => ({
        name: `projection:${s.name}`,
        ok: s.lag < LAG_ALERT && s.failingEvents === 0,
        lag: s.lag,
        detail: `${s.state}, position ${s.checkpoint}${s.skippedEvents ? `, ${s.skippedEvents} événement(s) ignoré(s) : voir read.projection_failures` : ''}`,
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
