import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AccountEvent } from '@peps/domain';
import type { EventStore } from '@peps/event-store';
import { migrateProcessManagers, ProcessManagerRunner, type ProcessManagerDefinition } from '@peps/process-managers';
import { EVENT_STORE, PLATFORM_CLOCK, PLATFORM_CONFIG, SQL_DATABASE, type PlatformClock, type PlatformConfig } from '@peps/runtime';
import type { SqlDatabase } from '@peps/sql';
import { ERASURE_MANAGER, ErasureSteps } from './erasure-steps.js';

export const ERASURE_COMPLETED = 'personal-data.erasure-completed';
const ERASURE_EFFECT = 'erase-personal-data';

/** One record stream per erased account: the reactor reads it before running the steps again. */
export const erasureStream = (accountId: string): string => `erasure-${accountId}`;

type Erased = Extract<AccountEvent, { type: 'account.personal-data-erased' }>;

/**
 * For every `account.personal-data-erased`, runs the erasure steps (again) and records
 * `personal-data.erasure-completed`: the request runs them at once, this finishes an erasure a crash cut short.
 * A durable process manager (checkpoint, effect queue with retries, lease `pm:personal-data-erasure`).
 */
export function erasureManager(steps: Pick<ErasureSteps, 'run'>, now: () => Date): ProcessManagerDefinition {
  return {
    name: ERASURE_MANAGER,
    eventTypes: ['account.personal-data-erased'],
    plan: (event) => {
      const { accountId, erasedAt } = (event as unknown as Erased).data;
      return [{ kind: ERASURE_EFFECT, payload: { accountId, erasedAt } }];
    },
    recordStream: (effect) => erasureStream(String(effect.payload.accountId)),
    async perform(effect) {
      const accountId = String(effect.payload.accountId);
      const erasedAt = String(effect.payload.erasedAt);
      const outcome = await steps.run(accountId, new Date(erasedAt));
      return {
        outcome: 'done',
        record: {
          stream: erasureStream(accountId),
          type: ERASURE_COMPLETED,
          schemaVersion: 1,
          data: { accountId, erasedAt, completedAt: now().toISOString(), ...outcome },
        },
      };
    },
  };
}

/** Runs the erasure manager where the background work runs (PEPS_RUN_WORKERS). */
@Injectable()
export class ErasureReactor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ErasureReactor');
  private runner: ProcessManagerRunner | null = null;

  constructor(
    private readonly steps: ErasureSteps,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(PLATFORM_CLOCK) private readonly clock: PlatformClock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runBackground) return;
    await migrateProcessManagers(this.db);
    const now = () => this.clock.now();
    const logger = { log: (m: string) => this.logger.log(m), warn: (m: string) => this.logger.warn(m), error: (m: string) => this.logger.error(m) };
    this.runner = new ProcessManagerRunner(erasureManager(this.steps, now), this.store, this.db, { now, logger });
    await this.runner.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.runner?.stop();
  }
}
