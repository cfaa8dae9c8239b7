import 'reflect-metadata';
import { ConfigError, loadPlatformConfig } from '@peps/runtime';
import { createPlatform } from './shell/create-platform.js';
import { mailDestinationLine } from './operations/dev-outbox/dev-outbox-access.js';

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

const app = await createPlatform(config);
await app.listen(config.port, '0.0.0.0');
console.log(`PEP's Comptes écoute sur ${config.publicUrl} (stockage : ${config.databaseUrl ? 'PostgreSQL' : `PGlite dans ${config.dataDir}`}).`);
const mails = mailDestinationLine(config);
if (mails) console.log(mails);
