import { HttpException, HttpStatus, Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail } from './nest-throttler.js';
import { AttemptLimiter } from './attempt-limiter.js';

/**
 * `@UseGuards(AttemptThrottlerGuard)` on sign-in and recovery routes: the `@nestjs/throttler` guard with the
 * trackers of AttemptLimiter (source address; submitted identifier, normalised as sign-in does, or e-mail). Over a
 * limit the answer is `429` with the shared error filter's French message and a `Retry-After`; no `X-RateLimit-*`
 * headers, which would tell anyone how many attempts others made on an identifier.
 */
@Injectable()
export class AttemptThrottlerGuard extends ThrottlerGuard {
  private initialised?: Promise<void>;

  // Explicit tokens: the base class declares its own (options, storage) for these parameter positions.
  constructor(@Inject(AttemptLimiter) limiter: AttemptLimiter, @Inject(Reflector) reflector: Reflector) {
    super({ throttlers: limiter.throttlers(), setHeaders: false }, limiter.storage, reflector);
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // Route-scoped guards are not always given `onModuleInit`: make sure the throttlers are set up once.
    this.initialised ??= this.throttlers ? Promise.resolve() : this.onModuleInit();
    await this.initialised;
    return super.canActivate(context);
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const { res } = this.getRequestResponse(context);
    this.setResponseHeader(res, 'Retry-After', Math.max(1, detail.timeToBlockExpire));
    // The shared error filter turns it into `{statusCode: 429, code: 'too-many-requests', message: 'Trop de tentatives…'}`.
    throw new HttpException('Trop de tentatives. Réessayez dans quelques instants.', HttpStatus.TOO_MANY_REQUESTS);
  }
}
