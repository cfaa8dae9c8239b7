import type { EventStore, RunnerLogger } from '@peps/event-store';
import { createMailTransport, type MailTransport } from '@peps/notifications';
import type { KeyVault } from '@peps/personal-data';
import { migrate, type SqlDatabase } from '@peps/sql';
import { deadlineManager } from './deadlines/deadline-manager.js';
import { erasureManager } from './erasure/erasure-manager.js';
import { PersonalDataErasure } from './erasure/personal-data-erasure.js';
import { letterManager } from './letters/letter-manager.js';
import { mailManager } from './mail/mail-manager.js';
import type { BackoffPolicy } from './runtime/backoff.js';
import { processManagerMigrations } from './runtime/pm-migrations.js';
import { ProcessManagerRunner } from './runtime/process-manager-runner.js';

export interface ProcessManagersConfig {
  store: EventStore;
  db: SqlDatabase;
  /** The platform clock. */
  now: () => Date;
  dataDir: string;
  publicUrl: string;
  /**
   * PEPS_RETENTION_CLOSED_MONTHS and PEPS_RETENTION_SIGN_IN_MONTHS: closed accounts erased, source addresses' keys
   * destroyed after that long (with the key vault). Absent: 12 months for closed accounts, no source address destroyed.
   */
  retention?: { closedMonths: number; signInMonths: number; vault: KeyVault };
  /** `SMS_URL`: set, SMS leave the platform (no outbox file for an erasure to delete). */
  smsUrl?: string;
  /** Unset: `.eml` files in `<dataDir>/outbox`. */
  smtpUrl?: string;
  /** A ready transport instead of `smtpUrl` (tests). */
  transport?: MailTransport & { kind?: string };
  messageIdDomain?: string;
  logger?: RunnerLogger;
  backoff?: BackoffPolicy;
  concurrency?: number;
  leaseRetryMs?: number;
  pollIntervalMs?: number;
  dispatchIntervalMs?: number;
}

export interface ProcessManagers {
  runners: ProcessManagerRunner[];
  transport: MailTransport & { kind?: string };
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Plans and performs everything available now, once (tests, CLI). */
  runOnce(): Promise<void>;
}

export const migrateProcessManagers = (db: SqlDatabase): Promise<number[]> => migrate(db, 'process-managers', processManagerMigrations);

/** The platform's process managers on one database (mails, letters, deadlines; erasures with the key vault), ready to start. */
export async function createProcessManagers(config: ProcessManagersConfig): Promise<ProcessManagers> {
  await migrateProcessManagers(config.db);
  const transport = config.transport ?? createMailTransport({ smtpUrl: config.smtpUrl, dataDir: config.dataDir, now: config.now });
  const options = {
    now: config.now,
    ...(config.logger ? { logger: config.logger } : {}),
    ...(config.backoff ? { backoff: config.backoff } : {}),
    ...(config.concurrency ? { concurrency: config.concurrency } : {}),
    ...(config.leaseRetryMs ? { leaseRetryMs: config.leaseRetryMs } : {}),
    ...(config.pollIntervalMs ? { pollIntervalMs: config.pollIntervalMs } : {}),
    ...(config.dispatchIntervalMs ? { dispatchIntervalMs: config.dispatchIntervalMs } : {}),
  };
  const runners = [
    new ProcessManagerRunner(
      mailManager({ store: config.store, db: config.db, transport, publicUrl: config.publicUrl, messageIdDomain: config.messageIdDomain, now: config.now }),
      config.store,
      config.db,
      options,
    ),
    new ProcessManagerRunner(letterManager({ store: config.store, db: config.db, dataDir: config.dataDir }), config.store, config.db, options),
    new ProcessManagerRunner(
      deadlineManager({
        store: config.store,
        db: config.db,
        now: config.now,
        logger: config.logger,
        ...(config.retention
          ? { retention: { closedMonths: config.retention.closedMonths }, connectionData: { vault: config.retention.vault, months: config.retention.signInMonths } }
          : {}),
      }),
      config.store,
      config.db,
      options,
    ),
  ];
  // With the key vault: the erasure steps, after every account.personal-data-erased (the DRS's or retention's).
  if (config.retention) {
    const erasure = new PersonalDataErasure({
      store: config.store,
      db: config.db,
      vault: config.retention.vault,
      dataDir: config.dataDir,
      smtpUrl: config.smtpUrl,
      smsUrl: config.smsUrl,
      logger: config.logger,
    });
    runners.push(new ProcessManagerRunner(erasureManager(erasure, config.now), config.store, config.db, options));
  }
  return {
    runners,
    transport,
    start: async () => {
      for (const runner of runners) await runner.start();
    },
    stop: async () => {
      for (const runner of runners) await runner.stop();
      await transport.close?.();
    },
    runOnce: async () => {
      // Deadlines first: the events they append are then mailed in the same run.
      const [mail, letters, deadlines, erasure] = runners;
      await deadlines.runOnce();
      await erasure?.runOnce();
      await letters.runOnce();
      await mail.runOnce();
    },
  };
}
