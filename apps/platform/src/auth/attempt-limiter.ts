import { HttpException, Injectable } from '@nestjs/common';

export interface AttemptLimits {
  /** Attempts allowed per window from one source address. */
  perAddress: number;
  /** Attempts allowed per window on one identifier (or e-mail), whoever tries. */
  perSubject: number;
  windowMs: number;
}

/**
 * Sign-in and recovery attempts at human speed only (ASVS 6.3.1): per source address and per identifier, so nobody can
 * lock accounts or probe identifiers at machine speed. In memory, per process: with several HTTP processes the
 * effective limit is multiplied by their number, which still keeps attempts far from machine speed.
 */
@Injectable()
export class AttemptLimiter {
  limits: AttemptLimits = { perAddress: 60, perSubject: 10, windowMs: 60_000 };
  private readonly hits = new Map<string, number[]>();

  /** Throws 429 when over the limit; the refused attempt is not counted. */
  check(address: string | undefined, subject: string): void {
    const now = Date.now();
    const keys = [`a:${address ?? 'unknown'}`, `s:${subject.trim().toLowerCase()}`];
    const limits = [this.limits.perAddress, this.limits.perSubject];
    const windows = keys.map((key) => (this.hits.get(key) ?? []).filter((t) => now - t < this.limits.windowMs));
    if (windows.some((window, i) => window.length >= limits[i])) {
      throw new HttpException({ code: 'too-many-requests', message: 'Trop de tentatives. Réessayez dans une minute.', errors: [] }, 429);
    }
    keys.forEach((key, i) => this.hits.set(key, [...windows[i], now]));
    if (this.hits.size > 50_000) this.hits.clear();
  }

  reset(): void {
    this.hits.clear();
  }
}
