import { accountStream, type AccountEvent } from '@peps/domain';
import type { EventStore, RunnerLogger } from '@peps/event-store';
import { deleteOutboxMails, deleteOutboxSms, outboxFolder } from '@peps/notifications';
import type { KeyVault } from '@peps/personal-data';
import type { SqlDatabase } from '@peps/sql';
import { purgeAuthTablesOf } from './auth-tables-purge.js';
import { eraseLettersOf, purgeEffectsOf } from './erase-person.js';
import { mentions, personTraces } from './person-traces.js';

/** The process manager finishing erasures: its effects are not the person's mails, the purge leaves them alone. */
export const ERASURE_MANAGER = 'personal-data-erasure';

export interface ErasureOutcome {
  mails: number;
  sms: number;
  letters: number;
  effects: number;
  keyDestroyed: boolean;
}

export interface PersonalDataErasureDependencies {
  store: EventStore;
  db: SqlDatabase;
  vault: Pick<KeyVault, 'destroy'>;
  dataDir: string;
  /** Set: mails left the platform, there is no outbox file to delete. */
  smtpUrl?: string;
  smsUrl?: string;
  logger?: RunnerLogger;
}

/** The request and the process manager may ask at once: in a process, one run per account at a time. */
const running = new Map<string, Promise<ErasureOutcome>>();

/**
 * The erasure's steps, after `account.personal-data-erased` is appended; each idempotent, so running them again
 * (the process manager after a crash, a second request) finishes a half-done erasure and changes nothing on a done
 * one. The key goes last: until then the values can still be read, which is how mails and SMS about the person are
 * found (by address, name, identifier or cause); once it is gone every other step has already run. Run by the DRS's
 * request and by the `personal-data-erasure` process manager, wherever the background work runs (platform or worker).
 */
export class PersonalDataErasure {
  constructor(private readonly deps: PersonalDataErasureDependencies) {}

  run(accountId: string, erasedAt: Date): Promise<ErasureOutcome> {
    const pending = running.get(accountId);
    if (pending) return pending;
    const run = this.runSteps(accountId, erasedAt).finally(() => running.delete(accountId));
    running.set(accountId, run);
    return run;
  }

  private async runSteps(accountId: string, erasedAt: Date): Promise<ErasureOutcome> {
    const { store, db, vault, dataDir } = this.deps;
    const events = await store.readStream(accountStream(accountId));
    const traces = personTraces(
      accountId,
      events.map((e) => ({ id: e.id, event: { type: e.type, data: e.data } as AccountEvent })),
    );
    // Outbox files exist only without SMTP_URL / SMS_URL; with them the mails left the platform.
    const folder = outboxFolder(dataDir);
    const mails = this.deps.smtpUrl
      ? []
      : await deleteOutboxMails(folder, (mail, raw) => mail.to.some((to) => traces.emails.includes(to.toLowerCase())) || mentions(traces, [raw, mail.subject ?? '', mail.text ?? '', mail.html ?? ''].join('\n')));
    const sms = this.deps.smsUrl ? [] : await deleteOutboxSms(folder, (message) => traces.phones.includes(message.to) || mentions(traces, message.text));
    let letters = 0;
    let effects = 0;
    // The `pm` schema exists once a process manager ran on this database.
    if (await this.hasProcessManagerTables()) {
      letters = (await eraseLettersOf(db, dataDir, accountId, erasedAt.toISOString())).length;
      for (const email of traces.emails.length ? traces.emails : [null]) {
        effects += await purgeEffectsOf(db, { accountId, email }, [ERASURE_MANAGER]);
      }
    }
    await purgeAuthTablesOf(db, accountId);
    const keyDestroyed = await vault.destroy(accountId, erasedAt);
    const outcome = { mails: mails.length, sms: sms.length, letters, effects, keyDestroyed };
    this.deps.logger?.log(`Personal data of account ${accountId} erased: ${JSON.stringify(outcome)}`);
    return outcome;
  }

  private async hasProcessManagerTables(): Promise<boolean> {
    const { rows } = await this.deps.db.query<{ found: boolean }>(`select to_regclass('pm.effects') is not null and to_regclass('pm.letters') is not null as found`);
    return rows[0]?.found === true;
  }
}
