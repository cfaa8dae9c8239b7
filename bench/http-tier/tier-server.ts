import 'reflect-metadata';
import { createServer } from 'node:http';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import cookieParser from 'cookie-parser';
import helmet from 'helmet';
import { TierModule } from './tier-app.js';

/** One HTTP server for bench/http-tier: `bare`, `express` or `fastify`, on the given port; prints `ready`. */
const [kind, portText] = process.argv.slice(2);
const port = Number(portText);
const csp = { useDefaults: true, directives: { 'script-src': ["'self'"], 'frame-ancestors': ["'none'"], 'form-action': ["'self'"], 'style-src': ["'self'"] } };
const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true });

async function start(): Promise<void> {
  if (kind === 'bare') {
    createServer((request, response) => {
      request.resume();
      request.on('end', () => response.end('{}'));
    }).listen(port, '127.0.0.1', () => console.log('ready'));
    return;
  }
  if (kind === 'express') {
    const app = await NestFactory.create<NestExpressApplication>(TierModule, new ExpressAdapter(), { logger: false, bodyParser: false });
    app.disable('x-powered-by');
    // Tuned: no ETag computed over every answer's body (the asset route sets its own).
    app.set('etag', false);
    app.useBodyParser('json', { limit: '2mb' });
    app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
    app.use(cookieParser());
    app.use(helmet({ contentSecurityPolicy: csp }));
    app.useGlobalPipes(pipe);
    await app.listen(port, '127.0.0.1');
  } else if (kind === 'fastify') {
    const app = await NestFactory.create<NestFastifyApplication>(TierModule, new FastifyAdapter({ bodyLimit: 2 * 1024 * 1024 }), { logger: false });
    await app.register(fastifyCookie);
    await app.register(fastifyHelmet, { contentSecurityPolicy: csp });
    app.useGlobalPipes(pipe);
    await app.listen(port, '127.0.0.1');
  } else {
    throw new Error(`unknown server kind ${kind}: bare, express or fastify`);
  }
  console.log('ready');
}

await start();
