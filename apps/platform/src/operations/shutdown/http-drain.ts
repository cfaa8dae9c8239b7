import { Injectable } from '@nestjs/common';
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';

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

  readonly middleware = (request: Request, response: Response, next: NextFunction): void => {
    if (this.server) {
      response.setHeader('Connection', 'close');
      response.setHeader('Retry-After', '5');
      response.status(503).json({ code: 'service.restarting', message: DRAINING_MESSAGE, errors: [] });
      return;
    }
    // A request that finishes during the drain leaves its connection idle: close it now rather than at the
    // keep-alive timeout.
    response.once('finish', () => {
      const server = this.server;
      if (server) setImmediate(() => server.closeIdleConnections());
    });
    next();
  };

  /** Resolves when every connection is closed (the running requests answered). */
  stop(server: Server): Promise<void> {
    this.server = server;
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }
}
