import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerOptions } from './nest-throttler.js';

export interface AttemptLimits {
  /** Attempts allowed per window from one source address. */
  perAddress: number;
  /** Attempts allowed per window on one identifier (or e-mail), whoever tries. */
  perSubject: number;
  windowMs: number;
}

export const DEFAULT_ATTEMPT_LIMITS: AttemptLimits = { perAddress: 60, perSubject: 10, windowMs: 60_000 };

/**
 * The identifier or e-mail an attempt is about, as the raw body holds it (the guard runs before validation):
 * trimmed and lowercased, so `jlo000439` and `JLO000439` share one budget.
 */
export function attemptSubject(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const { identifier, email } = body as { identifier?: unknown; email?: unknown };
  const value = typeof identifier === 'string' ? identifier : typeof email === 'string' ? email : '';
  return value.trim().toLowerCase().slice(0, 320);
}

/**
 * Sign-in and recovery attempts at human speed only (ASVS 6.3.1), on `@nestjs/throttler`: two named throttlers, one
 * per source address and one per submitted identifier or e-mail (whoever tries), shared by the sign-in and both
 * recovery endpoints. The limits are read on every request, so they can be changed at run time (the tests raise
 * them). The storage is the throttler's in-memory one, per process: with several HTTP processes the effective limit
 * is multiplied by their number (docs/security.md).
 */
@Injectable()
export class AttemptLimiter implements OnApplicationShutdown {
  limits: AttemptLimits = { ...DEFAULT_ATTEMPT_LIMITS };
  readonly storage = new ThrottlerStorageService();

  throttlers(): ThrottlerOptions[] {
    return [
      {
        name: 'address',
        ttl: () => this.limits.windowMs,
        limit: () => this.limits.perAddress,
        getTracker: (request) => `address:${String(request.ip ?? 'unknown')}`,
        generateKey: (_context, tracker) => tracker,
      },
      {
        name: 'subject',
        ttl: () => this.limits.windowMs,
        limit: () => this.limits.perSubject,
        getTracker: (request) => `subject:${attemptSubject(request.body)}`,
        generateKey: (_context, tracker) => tracker,
      },
    ];
  }

  /** Forgets every count (tests). */
  reset(): void {
    this.storage.onApplicationShutdown();
  }

  onApplicationShutdown(): void {
    this.storage.onApplicationShutdown();
  }
}
