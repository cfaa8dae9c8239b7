import { Inject, Injectable, Logger } from '@nestjs/common';
import { accountStream, type AccountEvent } from '@peps/domain';
import { deleteOutboxMails, deleteOutboxSms, outboxFolder } from '@peps/notifications';
import type { KeyVault } from '@peps/personal-data';
import { eraseLettersOf, purgeEffectsOf } from '@peps/process-managers';
import { EVENT_STORE, KEY_VAULT, PLATFORM_CONFIG, SQL_DATABASE, type PlatformConfig } from '@peps/runtime';
import type { EventStore } from '@peps/event-store';
import type { SqlDatabase } from '@peps/sql';
import { purgeAuthTablesOf } from './personal-data-purge.js';
import { mentions, personTraces } from './person-traces.js';

/** The reactor finishing erasures: its effects are not the person's mails, the purge leaves them alone. */
export const ERASURE_MANAGER = 'personal-data-erasure';

export interface ErasureOutcome {
  mails: number;
  sms: number;
  letters: number;
  effects: number;
  keyDestroyed: boolean;
}

/**
 * The erasure's steps, after `account.personal-data-erased` is appended; each idempotent, so running them again
 * (the reactor, after a crash; a second request) finishes a half-done erasure and changes nothing on a done one.
 * The key goes last: until then the values can still be read, which is how mails and SMS about the person are
 * found (by address, name, identifier or cause); once it is gone every other step has already run.
 */
@Injectable()
export class ErasureSteps {
  private readonly logger = new Logger('PersonalDataErasure');
  /** The request and the reactor may ask at once: in this process, one run per account at a time. */
  private readonly running = new Map<string, Promise<ErasureOutcome>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(KEY_VAULT) private readonly vault: KeyVault,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  run(accountId: string, erasedAt: Date): Promise<ErasureOutcome> {
    const pending = this.running.get(accountId);
    if (pending) return pending;
    const run = this.runSteps(accountId, erasedAt).finally(() => this.running.delete(accountId));
    this.running.set(accountId, run);
    return run;
  }

  private async runSteps(accountId: string, erasedAt: Date): Promise<ErasureOutcome> {
    const events = await this.store.readStream(accountStream(accountId));
    const traces = personTraces(
      accountId,
      events.map((e) => ({ id: e.id, event: { type: e.type, data: e.data } as AccountEvent })),
    );
    // Outbox files exist only without SMTP_URL / SMS_URL; with them the mails left the platform.
    const folder = outboxFolder(this.config.dataDir);
    const mails = this.config.smtpUrl
      ? []
      : await deleteOutboxMails(folder, (mail, raw) => mail.to.some((to) => traces.emails.includes(to.toLowerCase())) || mentions(traces, [raw, mail.subject ?? '', mail.text ?? '', mail.html ?? ''].join('\n')));
    const sms = this.config.smsUrl ? [] : await deleteOutboxSms(folder, (message) => traces.phones.includes(message.to) || mentions(traces, message.text));
    let letters = 0;
    let effects = 0;
    // The `pm` schema exists once a process manager ran on this database.
    if (await this.hasProcessManagerTables()) {
      letters = (await eraseLettersOf(this.db, this.config.dataDir, accountId, erasedAt.toISOString())).length;
      for (const email of traces.emails.length ? traces.emails : [null]) {
        effects += await purgeEffectsOf(this.db, { accountId, email }, [ERASURE_MANAGER]);
      }
    }
    await purgeAuthTablesOf(this.db, accountId);
    const keyDestroyed = await this.vault.destroy(accountId, erasedAt);
    const outcome = { mails: mails.length, sms: sms.length, letters, effects, keyDestroyed };
    this.logger.log(`Personal data of account ${accountId} erased: ${JSON.stringify(outcome)}`);
    return outcome;
  }

  private async hasProcessManagerTables(): Promise<boolean> {
    const { rows } = await this.db.query<{ found: boolean }>(`select to_regclass('pm.effects') is not null and to_regclass('pm.letters') is not null as found`);
    return rows[0]?.found === true;
  }
}
