import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { JsonLogger } from '@peps/runtime';
import type { RequestWithActor } from '../../access/authentication/access.decorators.js';
import { REQUEST_ID_HEADER, requestIdOf } from '../logging/request-id.js';
import { writeRequestLine } from '../logging/request-log.js';
import { runInRequestScope, type RequestScope } from '../logging/request-scope.js';
import { PlatformMetrics } from './platform-metrics.js';

/** Label of the answers no route pattern matched: 404s, refusals before routing (body too large), static files. */
export const NO_ROUTE = 'other';
/** Status recorded when the client went away before the answer (nginx's convention). */
export const CLIENT_CLOSED = 499;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route pattern Express matched (`/api/accounts/:id`), never the path itself: ids stay out of labels and logs. */
export function routePattern(request: Request): string {
  const path = (request as Request & { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : NO_ROUTE;
}

/**
 * The first middleware of every request: its id (`X-Request-Id` from the proxy when acceptable, else a new one,
 * echoed in the answer), its duration by route pattern and status for `/metrics`, and in JSON mode its log line.
 */
@Injectable()
export class HttpObservation {
  constructor(private readonly metrics: PlatformMetrics) {}

  middleware(log?: JsonLogger): (request: Request, response: Response, next: NextFunction) => void {
    return (request, response, next) => {
      const started = performance.now();
      const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
      response.setHeader('X-Request-Id', requestId);
      const scope: RequestScope = {};
      this.metrics.requestStarted();
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        const durationMs = performance.now() - started;
        const aborted = !response.writableFinished;
        const status = aborted ? CLIENT_CLOSED : response.statusCode;
        const route = routePattern(request);
        const method = METHODS.has(request.method) ? request.method : 'OTHER';
        this.metrics.requestEnded(method, route, status, durationMs / 1000);
        if (!log) return;
        const actorId = (request as Request & RequestWithActor).actor?.accountId;
        writeRequestLine(log, {
          requestId,
          method,
          route,
          status,
          durationMs,
          ...(scope.correlationId ? { correlationId: scope.correlationId } : {}),
          ...(actorId ? { actorId } : {}),
          ...(aborted ? { aborted } : {}),
        });
      };
      response.once('finish', end);
      response.once('close', end);
      runInRequestScope(scope, next);
    };
  }
}
