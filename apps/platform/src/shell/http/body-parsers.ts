import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { jsonDepthExceeds, JsonTooDeepError, MAX_JSON_DEPTH } from './json-depth.js';

/** Room for a 1 MB string, so that an oversized field gets a field error (400) rather than a bare 413. */
export const JSON_BODY_LIMIT = 2 * 1024 * 1024;
export const FORM_BODY_LIMIT = 256 * 1024;
/** Bodies of a type no route reads: taken off the connection up to this size and ignored, as Express did. */
const IGNORED_BODY_LIMIT = 256 * 1024;
/** The CSV import reads its body itself, as a stream, refusing past 5 MB without buffering the rest. */
export const STREAMED_BODY_TYPES = ['text/csv', 'application/csv', 'text/plain', 'application/octet-stream'];

type Done = (error: Error | null, body?: unknown) => void;

/**
 * The platform's body parsers: Fastify's own JSON parser (prototype poisoning refused) with two of Express's habits
 * kept (an empty JSON body reads as `{}`, a body of an unknown type is ignored rather than refused with 415) and the
 * nesting limit; forms; the import's raw stream.
 */
export function installBodyParsers(app: NestFastifyApplication, instance: FastifyInstance): void {
  const fastifyJson = instance.getDefaultJsonParser('error', 'error') as (request: FastifyRequest, body: string | Buffer, done: Done) => void;
  app.useBodyParser('application/json', { bodyLimit: JSON_BODY_LIMIT }, (request: FastifyRequest, body: Buffer, done: Done) => {
    if (body.length === 0) return done(null, {});
    fastifyJson(request, body, (error, parsed) => {
      if (error) return done(error);
      if (parsed !== null && typeof parsed === 'object' && jsonDepthExceeds(parsed, MAX_JSON_DEPTH)) return done(new JsonTooDeepError());
      done(null, parsed);
    });
  });
  app.useBodyParser('application/x-www-form-urlencoded', { bodyLimit: FORM_BODY_LIMIT });
  instance.addContentTypeParser(STREAMED_BODY_TYPES, (_request, _payload, done) => done(null, undefined));
  instance.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: IGNORED_BODY_LIMIT }, (_request, _body, done) => done(null, undefined));
}
