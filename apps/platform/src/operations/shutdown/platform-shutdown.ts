import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { closeStorage, installGracefulShutdown } from '@peps/runtime';
import { HttpDrain } from './http-drain.js';

/**
 * SIGTERM or SIGINT on the platform: no new connection, the running requests answered, then the application closes
 * (the audit records still pending are written, the projection and process-manager runners stop after their batch
 * at a checkpoint), then the event store and the database close, and the process exits 0, within 10 s or exit 1.
 */
export function installPlatformShutdown(app: NestFastifyApplication): (signal: string) => Promise<void> {
  const logger = new Logger('Arrêt');
  const drain = app.get(HttpDrain);
  return installGracefulShutdown({
    log: { log: (message) => logger.log(message), error: (message) => logger.error(message) },
    steps: [
      { name: 'connexions refusées, requêtes en cours terminées', run: () => drain.stop(app.getHttpServer()) },
      { name: 'application fermée, traitements arrêtés à un point de reprise', run: () => app.close() },
      { name: "journal d'événements et base de données fermés", run: () => closeStorage(app) },
    ],
  });
}
