import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerOptions, ThrottlerStorage } from '@nestjs/throttler';
import { createRequire } from 'node:module';

export type { ThrottlerLimitDetail, ThrottlerOptions } from '@nestjs/throttler';

/**
 * `@nestjs/throttler` 6 ships CommonJS that `require`s `@nestjs/common`, ESM-only since Nest 12. Node 20.19+ loads
 * it (require of ESM, same module instances as `import`): the platform uses the real package. Jest's ESM runtime on
 * Node < 24.9 cannot load CommonJS that requires ESM, so under Jest only, `MiniThrottlerGuard` below stands in: the
 * subset of the package's guard and in-memory storage that AttemptThrottlerGuard relies on, same semantics
 * (per named throttler: tracker, key, limit and ttl resolved per request, blocked hits not counted).
 */
function loadThrottler(): typeof import('@nestjs/throttler') | undefined {
  try {
    return createRequire(import.meta.url)('@nestjs/throttler') as typeof import('@nestjs/throttler');
  } catch (error) {
    if (process.env.JEST_WORKER_ID !== undefined) return undefined;
    throw error;
  }
}

type Resolvable = number | ((context: ExecutionContext) => number | Promise<number>);
const resolve = async (value: Resolvable | undefined, context: ExecutionContext): Promise<number> =>
  Number(typeof value === 'function' ? await value(context) : value);

class MiniStorage implements ThrottlerStorage {
  private readonly hits = new Map<string, { at: number[]; blockedUntil: number }>();

  async increment(key: string, ttl: number, limit: number, blockDuration: number) {
    const now = Date.now();
    const record = this.hits.get(key) ?? { at: [], blockedUntil: 0 };
    record.at = record.at.filter((t) => now - t < ttl);
    let isBlocked = record.blockedUntil > now;
    if (!isBlocked) {
      record.at.push(now);
      if (record.at.length > limit) {
        record.at.pop();
        record.blockedUntil = now + blockDuration;
        isBlocked = true;
      }
    }
    this.hits.set(key, record);
    if (this.hits.size > 50_000) this.hits.clear();
    return {
      totalHits: record.at.length + (isBlocked ? 1 : 0),
      timeToExpire: Math.ceil(ttl / 1000),
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.ceil((record.blockedUntil - now) / 1000) : 0,
    };
  }

  onApplicationShutdown(): void {
    this.hits.clear();
  }
}

class MiniThrottlerGuard implements CanActivate {
  protected throttlers?: ThrottlerOptions[];

  constructor(
    protected readonly options: ThrottlerModuleOptions,
    protected readonly storageService: ThrottlerStorage,
    protected readonly reflector: Reflector,
  ) {}

  async onModuleInit(): Promise<void> {
    this.throttlers = (Array.isArray(this.options) ? this.options : this.options.throttlers).map((t) => ({ ...t, name: t.name ?? 'default' }));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Record<string, unknown>>();
    for (const throttler of this.throttlers ?? []) {
      const limit = await resolve(throttler.limit as Resolvable, context);
      const ttl = await resolve(throttler.ttl as Resolvable, context);
      const blockDuration = throttler.blockDuration === undefined ? ttl : await resolve(throttler.blockDuration as Resolvable, context);
      const tracker = await throttler.getTracker!(request, context);
      const key = throttler.generateKey!(context, tracker, throttler.name!);
      const result = await this.storageService.increment(key, ttl, limit, blockDuration, throttler.name!);
      if (result.isBlocked) await this.throwThrottlingException(context, { ...result, limit, ttl, key, tracker });
    }
    return true;
  }

  protected getRequestResponse(context: ExecutionContext): { req: Record<string, any>; res: Record<string, any> } {
    const http = context.switchToHttp();
    return { req: http.getRequest(), res: http.getResponse() };
  }

  protected setResponseHeader(res: Record<string, any>, name: string, value: string | number): void {
    if (typeof res.header === 'function') res.header(name, value);
    else if (typeof res.setHeader === 'function') res.header(name, value);
  }

  protected async throwThrottlingException(_context: ExecutionContext, _detail: ThrottlerLimitDetail): Promise<void> {
    throw new Error('Too Many Requests');
  }
}

const throttler = loadThrottler();

/** The package's guard (or, under Jest only, the stand-in above). */
export const ThrottlerGuard = (throttler?.ThrottlerGuard ?? MiniThrottlerGuard) as unknown as typeof MiniThrottlerGuard;
/** The package's in-memory storage, per process (or, under Jest only, the stand-in above). */
export const ThrottlerStorageService = (throttler?.ThrottlerStorageService ?? MiniStorage) as unknown as typeof MiniStorage;
/** Which implementation is in use: `@nestjs/throttler` everywhere but under Jest on Node < 24.9. */
export const THROTTLER_IMPLEMENTATION: 'package' | 'jest-stand-in' = throttler ? 'package' : 'jest-stand-in';
