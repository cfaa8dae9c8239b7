import { Injectable } from '@nestjs/common';

export interface HealthReport {
  name: string;
  ok: boolean;
  /** Events not yet applied, for projections and process managers. */
  lag?: number;
  detail?: string;
}

export type HealthCheck = () => Promise<HealthReport | HealthReport[]>;

/** Modules register what `/api/health` should report (storage, each projection's lag, mail delivery...). */
@Injectable()
export class HealthRegistry {
  private readonly checks: HealthCheck[] = [];
  private latest?: { at: number; reports: Promise<HealthReport[]> };

  register(check: HealthCheck): void {
    this.checks.push(check);
  }

  async run(): Promise<HealthReport[]> {
    const reports = await Promise.all(
      this.checks.map((check) =>
        check().catch((error: unknown) => ({ name: 'unknown', ok: false, detail: (error as Error).message })),
      ),
    );
    return reports.flat();
  }

  /**
   * The checks as run at most `maxAgeMs` ago, one run shared by every caller meanwhile. A load balancer probing
   * every second per instance would otherwise pay each projection's lag query on each probe; the status it reads
   * may then be up to `maxAgeMs` old, which is what a probe interval means anyway. `nowMs` is the caller's clock.
   */
  runRecent(maxAgeMs: number, nowMs: number): Promise<HealthReport[]> {
    if (this.latest && nowMs - this.latest.at < maxAgeMs) return this.latest.reports;
    const reports = this.run();
    this.latest = { at: nowMs, reports };
    return reports;
  }
}
