import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { toErrorBody } from '../../shell/http/error-response.filter.js';
import type { RequestWithActor } from './access.decorators.js';
import { SecurityAudit } from '@peps/runtime';
import { recordAccessRefused } from './authentication.guard.js';

/**
 * The guard records the refusals it decides (role rule, CSRF); this records the ones handlers decide (a user acting
 * on an account, terms of use before 8 days...): every 403 is in the audit trail before the answer leaves.
 * 404s of employer scoping are not recorded: they cannot be told from an unknown id without a lookup.
 */
@Injectable()
export class AccessRefusalInterceptor implements NestInterceptor {
  constructor(private readonly audit: SecurityAudit) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest & RequestWithActor>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        const body = toErrorBody(error);
        if (body.statusCode !== 403) return throwError(() => error);
        const recorded = recordAccessRefused(this.audit, request, body.code);
        return from(recorded).pipe(mergeMap(() => throwError(() => error)));
      }),
    );
  }
}
