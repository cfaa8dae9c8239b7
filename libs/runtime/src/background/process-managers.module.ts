import { Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@peps/event-store';
import { createProcessManagers, type ProcessManagers } from '@peps/process-managers';
import type { KeyVault } from '@peps/personal-data';
import type { SqlDatabase } from '@peps/sql';
import type { PlatformClock } from '../clock/platform-clock.js';
import type { PlatformConfig } from '../config/platform-config.js';
import { HealthRegistry } from '../health/health-registry.js';
import { EVENT_STORE, KEY_VAULT, PLATFORM_CLOCK, PLATFORM_CONFIG, SQL_DATABASE } from '../tokens.js';

/** Pending mails above which `/api/health` reports the mail manager as behind. */
const PENDING_ALERT = 1_000;

/**
 * Runs the process managers (mails, letters, deadlines) in this process: the platform in the embedded default,
 * or apps/worker. One active runner per manager across processes (lease `pm:<name>`), the others stand by.
 */
@Injectable()
export class ProcessManagersRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private managers: ProcessManagers | null = null;
  private readonly logger = new Logger('ProcessManagers');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    health: HealthRegistry,
  ) {
    health.register(async () => {
      if (!this.managers) return { name: 'process-managers', ok: false, detail: 'not started' };
      return Promise.all(
        this.managers.runners.map(async (runner) => {
          const s = await runner.status();
          return {
            name: `process-manager:${runner.name}`,
            ok: s.failed === 0 && s.pending < PENDING_ALERT,
            lag: s.lag + s.pending,
            detail: `${s.active ? 'active' : 'standby'}, ${s.pending} en attente, ${s.failed} en échec (voir /api/drs/deliveries?status=failed)`,
          };
        }),
      );
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const logger = { log: (m: string) => this.logger.log(m), warn: (m: string) => this.logger.warn(m), error: (m: string) => this.logger.error(m) };
    this.managers = await createProcessManagers({
      store: this.store,
      db: this.db,
      now: () => this.clock.now(),
      dataDir: this.config.dataDir,
      publicUrl: this.config.publicUrl,
      smtpUrl: this.config.smtpUrl,
      smsUrl: this.config.smsUrl,
      retention: { closedMonths: this.config.retention.closedMonths, signInMonths: this.config.retention.signInMonths, vault: this.vault },
      logger,
      ...(process.env.PEPS_PM_CONCURRENCY ? { concurrency: Number(process.env.PEPS_PM_CONCURRENCY) } : {}),
    });
    await this.managers.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.managers?.stop();
  }
}

@Module({ providers: [ProcessManagersRuntime] })
export class ProcessManagersModule {}
