import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadPlatformConfig } from '@peps/runtime';
import { WorkerModule } from './worker.module.js';

/**
 * `npm run worker`: projections and process managers (mails, letters, deadlines) without HTTP, on the same
 * configuration as the platform. Several workers may run: each manager and projection is active in one of them
 * at a time (lease), the others take over within seconds if it stops.
 */
let config;
try {
  config = loadPlatformConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration invalide — ${error.message}`);
    process.exit(78);
  }
  throw error;
}

const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: ['error', 'warn', 'log'] });
app.enableShutdownHooks();
await app.init();
console.log(`PEP's Comptes — worker démarré (stockage : ${config.databaseUrl ? 'PostgreSQL' : `PGlite dans ${config.dataDir}`}, courriels : ${config.smtpUrl ? 'SMTP' : 'dossier outbox'}).`);
