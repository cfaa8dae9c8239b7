import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { normaliseIdentifier } from '@peps/domain';
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
 * The identifier or e-mail an attempt is about, as the raw body holds it (the guard runs before validation). An
 * identifier counts under the budget of `identifierBudget`; an e-mail trimmed and lowercased.
 */
export function attemptSubject(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const { identifier, email, challenge } = body as { identifier?: unknown; email?: unknown; challenge?: unknown };
  if (typeof identifier === 'string') return `identifier:${identifierBudget(identifier)}`;
  // Second-factor codes: the budget of the challenge (one password step), beside the one of the address.
  if (typeof challenge === 'string') return `challenge:${challenge.slice(0, 200)}`;
  if (typeof email === 'string') return `email:${email.slice(0, 320).trim().toLowerCase()}`;
  return '';
}

/**
 * The budget a typed identifier spends: its normalised form (`normaliseIdentifier`, the one sign-in and recovery
 * look up), so `jlo000439` and `JLO000439` share one. Input that does not normalise can never sign in, yet it still
 * counts: under its Unicode folding (NFKC, upper case), so that a look-alike (`DRſOPER01`, `ＤＲＳＯＰＥＲ01`)
 * spends the budget of the identifier it imitates, and other garbage a budget of its own.
 */
export function identifierBudget(raw: string): string {
  return normaliseIdentifier(raw) ?? raw.slice(0, 320).normalize('NFKC').trim().toUpperCase();
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
