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
}
