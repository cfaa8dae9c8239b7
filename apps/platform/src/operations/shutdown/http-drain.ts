import { Injectable } from '@nestjs/common';
import type { Server } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const DRAINING_MESSAGE = 'La plateforme redémarre : réessayez dans quelques secondes.';

/**
 * The first step of a graceful shutdown: the server stops listening (a new connection is refused, so the load
 * balancer sends it elsewhere), the requests already running finish, and each connection closes as soon as it is
 * idle. A request arriving meanwhile on a kept-alive connection is answered 503 with `Connection: close`.
 */
@Injectable()
export class HttpDrain {
  private server: Server | null = null;

  get draining(): boolean {
    return this.server !== null;
  }

  install(instance: FastifyInstance): void {
    instance.addHook('onRequest', (_request, reply, done) => {
      if (!this.server) return done();
      reply
        .code(503)
        .header('Connection', 'close')
        .header('Retry-After', '5')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify({ code: 'service.restarting', message: DRAINING_MESSAGE, errors: [] }));
    });
    // A request that finishes during the drain leaves its connection idle: close it now rather than at the
    // keep-alive timeout.
    instance.addHook('onResponse', (_request, _reply, done) => {
      const server = this.server;
      if (server) setImmediate(() => server.closeIdleConnections());
      done();
    });
  }

  /** Resolves when every connection is closed (the running requests answered). */
  stop(server: Server): Promise<void> {
    this.server = server;
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}
