import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { START, type EventStore, type VerifyProgress, type VerifyReport } from '@peps/event-store';
import { EVENT_STORE, SQL_DATABASE } from '@peps/runtime';
import type { SqlDatabase } from '@peps/sql';
import type { HistoryActor } from '../../accounts/account-history/history-actor.js';

/** Resolved once the `audit` schema is migrated. */
export const AUDIT_SCHEMA = Symbol('AuditSchema');

export type VerificationStatus = 'running' | 'done' | 'interrupted';

/** A verification as the API answers it. */
export interface IntegrityVerification {
  id: string;
  status: VerificationStatus;
  requestedBy: HistoryActor;
  startedAt: string;
  finishedAt?: string;
  eventsChecked: number;
  streamsChecked: number;
  /** The log's event count when the job started (it may grow meanwhile); null until counted, or where it cannot be. */
  totalEvents: number | null;
  ok?: boolean;
  firstBroken?: VerifyReport['firstBroken'];
}

/** How often progress is written at most, and after how long without a heartbeat another process gives a job up. */
export const PROGRESS_WRITE_MS = 1_000;
const HEARTBEAT_MS = 15_000;
const ABANDONED_AFTER = '1 minute';
export const LATEST_VERIFICATIONS = 20;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Row {
  id: string;
  status: VerificationStatus;
  requested_by: HistoryActor | string;
  started_at: Date | string;
  finished_at: Date | string | null;
  events_checked: string | number;
  streams_checked: string | number;
  total_events: string | number | null;
  ok: boolean | null;
  first_broken: VerifyReport['firstBroken'] | string | null;
}

const COLUMNS = 'id, status, requested_by, started_at, finished_at, events_checked, streams_checked, total_events, ok, first_broken';
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const iso = (value: Date | string): string => new Date(value).toISOString();

function toVerification(row: Row): IntegrityVerification {
  return {
    id: row.id,
    status: row.status,
    requestedBy: json(row.requested_by),
    startedAt: iso(row.started_at),
    ...(row.finished_at ? { finishedAt: iso(row.finished_at) } : {}),
    eventsChecked: Number(row.events_checked),
    streamsChecked: Number(row.streams_checked),
    totalEvents: row.total_events === null ? null : Number(row.total_events),
    ...(row.status === 'done' && row.ok !== null ? { ok: row.ok } : {}),
    ...(row.status === 'done' && row.first_broken ? { firstBroken: json(row.first_broken) } : {}),
  };
}

/**
 * The integrity verification as a background job (`audit.integrity_verifications`): one at a time across every
 * process, progress written at most once a second with a heartbeat, so any process answers for it; a job whose
 * process died (heartbeat older than a minute) is marked interrupted by the next process that starts or is asked to
 * verify; on shutdown (SIGTERM) the running job is aborted and marked interrupted.
 */
@Injectable()
export class IntegrityVerifications implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Vérification de l’intégrité');
  /** This process, as the `owner` of the jobs it runs. */
  private readonly owner = randomUUID();
  private running: { id: string; controller: AbortController; done: Promise<void> } | null = null;

  constructor(
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_SCHEMA) _migrated: unknown,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.interruptAbandoned();
  }

  /** Shutdown: the running job stops before its next batch and is recorded as interrupted. */
  async onModuleDestroy(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.controller.abort(new Error('arrêt de la plateforme'));
    await running.done;
  }

  /** Starts a verification, or answers the one already running (from this process or another). */
  async start(requestedBy: HistoryActor): Promise<IntegrityVerification> {
    for (let attempt = 1; ; attempt++) {
      await this.interruptAbandoned();
      const id = randomUUID();
      const { rows } = await this.db.query<Row>(
        `insert into audit.integrity_verifications (id, status, owner, requested_by, started_at, heartbeat_at)
         values ($1, 'running', $2, $3::jsonb, now(), now()) on conflict do nothing returning ${COLUMNS}`,
        [id, this.owner, JSON.stringify(requestedBy)],
      );
      if (rows[0]) {
        this.launch(id);
        return toVerification(rows[0]);
      }
      const { rows: running } = await this.db.query<Row>(`select ${COLUMNS} from audit.integrity_verifications where status = 'running'`);
      if (running[0]) return toVerification(running[0]);
      // The running one finished between the insert and the look-up: try again.
      if (attempt >= 3) throw new Error('no verification could be started');
    }
  }

  async find(id: string): Promise<IntegrityVerification | null> {
    if (!UUID.test(id)) return null;
    const { rows } = await this.db.query<Row>(`select ${COLUMNS} from audit.integrity_verifications where id = $1`, [id]);
    return rows[0] ? toVerification(rows[0]) : null;
  }

  async latest(limit = LATEST_VERIFICATIONS): Promise<IntegrityVerification[]> {
    const { rows } = await this.db.query<Row>(`select ${COLUMNS} from audit.integrity_verifications order by started_at desc, id limit $1`, [limit]);
    return rows.map(toVerification);
  }

  /** Jobs left `running` by a process that stopped without saying so. */
  private async interruptAbandoned(): Promise<void> {
    await this.db.query(
      `update audit.integrity_verifications set status = 'interrupted', finished_at = now()
       where status = 'running' and owner <> $1 and heartbeat_at < now() - interval '${ABANDONED_AFTER}'`,
      [this.owner],
    );
  }

  private launch(id: string): void {
    const controller = new AbortController();
    const done = this.run(id, controller.signal).finally(() => {
      if (this.running?.id === id) this.running = null;
    });
    this.running = { id, controller, done };
  }

  private async run(id: string, signal: AbortSignal): Promise<void> {
    let progress: VerifyProgress = { streamsChecked: 0, eventsChecked: 0 };
    let lastWrite = Date.now();
    const heartbeat = setInterval(() => void this.writeProgress(id, progress).catch(() => undefined), HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const total = this.store.countAfter ? await this.store.countAfter(START, Number.MAX_SAFE_INTEGER) : null;
      await this.db.query(`update audit.integrity_verifications set total_events = $2, heartbeat_at = now() where id = $1`, [id, total]);
      const report = await this.store.verify({
        signal,
        onProgress: async (reached) => {
          progress = { ...reached };
          if (Date.now() - lastWrite < PROGRESS_WRITE_MS) return;
          lastWrite = Date.now();
          await this.writeProgress(id, progress);
        },
      });
      await this.finish(id, 'done', report);
    } catch (error) {
      if (!signal.aborted) this.logger.error(`vérification ${id} interrompue : ${error instanceof Error ? error.message : String(error)}`);
      await this.finish(id, 'interrupted', progress).catch((e: unknown) => this.logger.error(`vérification ${id} : ${String(e)}`));
    } finally {
      clearInterval(heartbeat);
    }
  }

  private async writeProgress(id: string, progress: VerifyProgress): Promise<void> {
    await this.db.query(
      `update audit.integrity_verifications set events_checked = $2, streams_checked = $3, heartbeat_at = now()
       where id = $1 and status = 'running'`,
      [id, progress.eventsChecked, progress.streamsChecked],
    );
  }

  private async finish(id: string, status: 'done' | 'interrupted', result: VerifyProgress & Partial<VerifyReport>): Promise<void> {
    await this.db.query(
      `update audit.integrity_verifications
       set status = $2, finished_at = now(), heartbeat_at = now(), events_checked = $3, streams_checked = $4, ok = $5, first_broken = $6::jsonb
       where id = $1 and status = 'running'`,
      [id, status, result.eventsChecked, result.streamsChecked, status === 'done' ? (result.ok ?? null) : null, result.firstBroken ? JSON.stringify(result.firstBroken) : null],
    );
  }
}

/** The requester as the history names its actors: operators only reach this (auditors, the DRS). */
export function requesterOf(actor: { accountId: string; identifier: string; displayName: string; roles: readonly string[] }): HistoryActor {
  const operator = actor.roles.includes('auditor') || actor.roles.includes('drs');
  return { kind: operator ? 'operator' : 'account', id: actor.accountId, identifier: actor.identifier, name: actor.displayName };
}
