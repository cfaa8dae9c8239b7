import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadPlatformConfigOrExit } from '@peps/runtime';
import { createPlatform } from './shell/create-platform.js';
import { mailDestinationLine } from './operations/dev-outbox/dev-outbox-access.js';
import { installPlatformShutdown } from './operations/shutdown/platform-shutdown.js';

const config = loadPlatformConfigOrExit();

const app = await createPlatform(config);
installPlatformShutdown(app);
await app.listen(config.port, '0.0.0.0');
// The banner is for people on the readable console; in JSON mode it is a log line like the others.
const announce = config.logFormat === 'json' ? (message: string) => new Logger('Plateforme').log(message) : (message: string) => console.log(message);
announce(`PEP's Comptes écoute sur ${config.publicUrl} (stockage : ${config.databaseUrl ? 'PostgreSQL' : `PGlite dans ${config.dataDir}`}).`);
const mails = mailDestinationLine(config);
if (mails) announce(mails);
