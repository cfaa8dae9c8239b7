import type { SqlDatabase } from '@peps/sql';

/**
 * The platform's time. Real time, shifted by an offset that only `PUT /api/test/clock` (PEPS_TEST_CLOCK=1) can set.
 * The offset is kept in the database so the worker process follows the same clock.
 */
export class PlatformClock {
  private offsetMs = 0;
  private refresher?: NodeJS.Timeout;

  constructor(
    private readonly db: SqlDatabase | undefined,
    readonly adjustable: boolean,
  ) {}

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  async start(): Promise<void> {
    if (!this.adjustable || !this.db) return;
    await this.db.query(`create table if not exists public.peps_test_clock (id integer primary key, offset_ms bigint not null)`);
    await this.refresh();
    this.refresher = setInterval(() => void this.refresh().catch(() => undefined), 1_000);
    this.refresher.unref();
  }

  async set(instant: Date): Promise<void> {
    if (!this.adjustable) throw new Error('The platform clock is not adjustable');
    this.offsetMs = instant.getTime() - Date.now();
    await this.db?.query(
      `insert into public.peps_test_clock (id, offset_ms) values (1, $1) on conflict (id) do update set offset_ms = excluded.offset_ms`,
      [Math.round(this.offsetMs)],
    );
  }

  stop(): void {
    if (this.refresher) clearInterval(this.refresher);
  }

  private async refresh(): Promise<void> {
    const { rows } = await this.db!.query<{ offset_ms: string | number }>('select offset_ms from public.peps_test_clock where id = 1');
    if (rows.length) this.offsetMs = Number(rows[0].offset_ms);
  }
}
