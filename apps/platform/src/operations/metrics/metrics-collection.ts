import { Inject, Injectable } from '@nestjs/common';
import type { SqlDatabase } from '@peps/sql';
import { HealthRegistry, SQL_DATABASE, type HealthReport } from '@peps/runtime';
import { PlatformMetrics } from './platform-metrics.js';

/** Counts stop here, as the process managers' own status does: a larger backlog reads as "at least this". */
export const COUNT_CAP = 100_000;
const MANAGERS = ['mail', 'letters', 'deadlines'] as const;
const DELIVERING = new Set(['mail', 'letters']);

/**
 * One statement for the process managers' queue, whatever its size: capped counts on the partial indexes of
 * `pm.effects` (`effects_due` for pending rows, `effects_troubled` for those with an error), per manager.
 */
const QUEUE_SQL = `
select m.manager,
  (select count(*) from (select 1 from pm.effects e where e.manager = m.manager and e.status = 'pending' limit $1) q)::int as pending,
  (select count(*) from (select 1 from pm.effects e where e.manager = m.manager and e.status = 'pending' and e.last_error is not null limit $1) r)::int as retrying,
  (select count(*) from (select 1 from pm.effects e where e.manager = m.manager and e.status = 'failed' and e.last_error is not null limit $1) f)::int as failed
from unnest($2::text[]) as m(manager)`;

/**
 * What a scrape asks besides the counters: the lags the health registry already computes (projections and process
 * managers running in this process), and the effect queue in one SQL statement. Gauges are reset first, so a
 * projection that stopped reporting does not keep its last value.
 */
@Injectable()
export class MetricsCollection {
  constructor(
    private readonly metrics: PlatformMetrics,
    private readonly health: HealthRegistry,
    @Inject(SQL_DATABASE) private readonly db: SqlDatabase,
  ) {}

  async collect(): Promise<void> {
    await Promise.all([this.lags(), this.queue()]);
  }

  private async lags(): Promise<void> {
    const { projectionLag, processManagerLag, checkOk } = this.metrics;
    let reports: HealthReport[];
    try {
      reports = await this.health.run();
    } catch {
      this.metrics.collectionErrors.inc({ source: 'health' });
      return;
    }
    projectionLag.reset();
    processManagerLag.reset();
    checkOk.reset();
    for (const report of reports) {
      checkOk.set({ check: report.name }, report.ok ? 1 : 0);
      if (report.lag === undefined) continue;
      if (report.name.startsWith('projection:')) projectionLag.set({ projection: report.name.slice('projection:'.length) }, report.lag);
      else if (report.name.startsWith('process-manager:')) processManagerLag.set({ manager: report.name.slice('process-manager:'.length) }, report.lag);
    }
  }

  private async queue(): Promise<void> {
    const { effectQueueDepth, deliveries } = this.metrics;
    let rows: { manager: string; pending: number; retrying: number; failed: number }[];
    try {
      ({ rows } = await this.db.query<{ manager: string; pending: number; retrying: number; failed: number }>(QUEUE_SQL, [COUNT_CAP, [...MANAGERS]]));
    } catch {
      // No `pm` schema yet (a platform with PEPS_RUN_WORKERS=0 whose worker never started), or the database is down.
      this.metrics.collectionErrors.inc({ source: 'effects' });
      return;
    }
    effectQueueDepth.reset();
    deliveries.reset();
    for (const row of rows) {
      effectQueueDepth.set({ manager: row.manager }, Number(row.pending));
      if (!DELIVERING.has(row.manager)) continue;
      deliveries.set({ manager: row.manager, outcome: 'retrying' }, Number(row.retrying));
      deliveries.set({ manager: row.manager, outcome: 'failed' }, Number(row.failed));
    }
  }
}
