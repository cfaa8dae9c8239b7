import { AsyncResource } from 'node:async_hooks';
import { Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { JsonLogger } from '@peps/runtime';
import type { RequestWithActor } from '../../access/authentication/access.decorators.js';
import { routeOf } from '../../shell/http/request-path.js';
import { REQUEST_ID_HEADER, requestIdOf } from '../logging/request-id.js';
import { writeRequestLine } from '../logging/request-log.js';
import { runInRequestScope, type RequestScope } from '../logging/request-scope.js';
import { PlatformMetrics } from './platform-metrics.js';

/** Label of the answers no route pattern matched: 404s, refusals before routing (body too large), static files. */
export const NO_ROUTE = 'other';
/** Status recorded when the client went away before the answer (nginx's convention). */
export const CLIENT_CLOSED = 499;
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The route pattern the router matched (`/api/accounts/:id`), never the path itself: ids stay out of labels and logs. */
export function routePattern(request: FastifyRequest): string {
  return routeOf(request) ?? NO_ROUTE;
}

interface Observed {
  started: number;
  requestId: string;
  scope: RequestScope;
  /** Carries the request scope past the body parsing, whose stream events run outside it. */
  resource: AsyncResource;
  ended: boolean;
}

const OBSERVED = Symbol('peps.observed');
type ObservedRequest = FastifyRequest & { [OBSERVED]?: Observed };

/**
 * The first hook of every request: its id (`X-Request-Id` from the proxy when acceptable, else a new one, echoed in
 * the answer), its duration by route pattern and status for `/metrics`, and in JSON mode its log line. The request
 * scope (what deeper code tells the log line) is entered on arrival and re-entered after the body is parsed, as
 * @fastify/request-context does.
 */
@Injectable()
export class HttpObservation {
  constructor(private readonly metrics: PlatformMetrics) {}

  install(instance: FastifyInstance, log?: JsonLogger): void {
    instance.addHook('onRequest', (request: ObservedRequest, reply, done) => {
      const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]);
      reply.header('X-Request-Id', requestId);
      const scope: RequestScope = {};
      this.metrics.requestStarted();
      runInRequestScope(scope, () => {
        const observed: Observed = { started: performance.now(), requestId, scope, resource: new AsyncResource('peps-request'), ended: false };
        request[OBSERVED] = observed;
        // The client going away before the answer: Fastify runs no onResponse hook then.
        reply.raw.once('close', () => this.end(request, reply, log));
        done();
      });
    });
    instance.addHook('preValidation', (request: ObservedRequest, _reply, done) => {
      const observed = request[OBSERVED];
      if (observed) observed.resource.runInAsyncScope(done);
      else done();
    });
    instance.addHook('onResponse', (request: ObservedRequest, reply, done) => {
      this.end(request, reply, log);
      done();
    });
  }

  private end(request: ObservedRequest, reply: FastifyReply, log: JsonLogger | undefined): void {
    const observed = request[OBSERVED];
    if (!observed || observed.ended) return;
    observed.ended = true;
    observed.resource.emitDestroy();
    const durationMs = performance.now() - observed.started;
    const aborted = !reply.raw.writableFinished;
    const status = aborted ? CLIENT_CLOSED : reply.statusCode;
    const route = routePattern(request);
    const method = METHODS.has(request.method) ? request.method : 'OTHER';
    this.metrics.requestEnded(method, route, status, durationMs / 1000);
    if (!log) return;
    const actorId = (request as FastifyRequest & RequestWithActor).actor?.accountId;
    const { requestId, scope } = observed;
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
  }
}
