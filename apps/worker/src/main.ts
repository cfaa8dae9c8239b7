import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { closeStorage, createJsonLogger, installGracefulShutdown, loadPlatformConfigOrExit, NestJsonLogger } from '@peps/runtime';
import { WorkerModule } from './worker.module.js';

/**
 * `npm run worker`: projections and process managers (mails, letters, deadlines) without HTTP, on the same
 * configuration as the platform. Several workers may run: each manager and projection is active in one of them
 * at a time (lease), the others take over within seconds if it stops.
 */
const config = loadPlatformConfigOrExit();

const levels = ['error', 'warn', 'log'] as const;
const json = config.logFormat === 'json';
const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
  logger: json ? new NestJsonLogger(createJsonLogger('peps-worker'), [...levels]) : [...levels],
});
// SIGTERM: the runners stop after their batch at a checkpoint, the database closes, exit 0 (exit 1 past 10 s).
const shutdownLog = new Logger('Arrêt');
installGracefulShutdown({
  log: { log: (message) => shutdownLog.log(message), error: (message) => shutdownLog.error(message) },
  steps: [
    { name: 'traitements arrêtés à un point de reprise', run: () => app.close() },
    { name: "journal d'événements et base de données fermés", run: () => closeStorage(app) },
  ],
});
await app.init();
const banner = `PEP's Comptes — worker démarré (stockage : ${config.databaseUrl ? 'PostgreSQL' : `PGlite dans ${config.dataDir}`}, courriels : ${config.smtpUrl ? 'SMTP' : 'dossier outbox'}).`;
if (json) new Logger('Worker').log(banner);
else console.log(banner);
