import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import type { SqlDatabase } from '../../../libs/sql/src/index.js';
import type { PlatformConfig } from './config/platform-config.js';
import { ErrorResponseFilter } from './http/error-response.filter.js';
import { jsonDepthGuard } from './http/json-depth.js';
import { platformValidationPipe } from './http/validation.js';
import { PlatformModule } from './platform.module.js';

/** The configured HTTP application, used by `main.ts` and by the HTTP tests alike. */
export async function createPlatform(
  config: PlatformConfig,
  options: { db?: SqlDatabase; logger?: false | ('error' | 'warn' | 'log')[] } = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(PlatformModule.forRoot(config, { db: options.db }), {
    logger: options.logger ?? ['error', 'warn', 'log'],
    bodyParser: false,
  });
  app.set('trust proxy', 'loopback');
  app.disable('x-powered-by');
  // Room for a 1 MB string so oversized fields get a field error (400) rather than a bare 413.
  app.useBodyParser('json', { limit: '2mb', strict: false });
  app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
  app.use(jsonDepthGuard);
  app.use(cookieParser());
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: { 'script-src': ["'self'"], 'frame-ancestors': ["'none'"], 'form-action': ["'self'"] },
      },
      strictTransportSecurity: config.publicUrl.startsWith('https:'),
    }),
  );
  app.useGlobalFilters(new ErrorResponseFilter());
  app.useGlobalPipes(platformValidationPipe());
  app.enableShutdownHooks();

  const openApi = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle("PEP's Comptes")
      .setDescription('Gestion des comptes de la Plateforme Employeurs Publics')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, openApi, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
