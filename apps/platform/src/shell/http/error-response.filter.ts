import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { domainErrorCatalogue, isDomainError } from '@peps/domain';
import { IdempotencyConflictError, InvalidAppendError, WrongExpectedVersionError } from '@peps/event-store';
import { JsonTooDeepError } from './json-depth.js';
import { sendNotFoundPage, wantsNotFoundPage } from './not-found-page.js';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; message: string }[];
  actualVersion?: number;
}

/**
 * The one place where failures become HTTP answers: domain errors through the domain's catalogue (status and
 * French message), concurrency conflicts as 409, malformed bodies as 400, an unreachable database as 503 (with
 * `Retry-After`), and anything unexpected as a 500 whose details stay in the log.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (isDomainError(error)) {
    const entry = domainErrorCatalogue[error.code];
    const body: ErrorBody = { statusCode: entry.status, code: error.code, message: entry.message };
    const details = (error as { details?: unknown }).details;
    if (Array.isArray(details)) body.errors = details as ErrorBody['errors'];
    return body;
  }
  // Before its parent class: a repeat that does not match its original request keeps its own answer.
  if (error instanceof IdempotencyConflictError) {
    return { statusCode: 409, code: 'concurrency.duplicate-request', message: 'Cette demande a déjà été traitée différemment.' };
  }
  if (error instanceof WrongExpectedVersionError) {
    return {
      statusCode: 409,
      code: 'concurrency.version-conflict',
      message: 'Ce compte a été modifié par quelqu’un d’autre entre-temps. Rechargez-le pour voir ses nouvelles valeurs.',
      actualVersion: error.actual,
    };
  }
  if (error instanceof InvalidAppendError) {
    return { statusCode: 400, code: 'validation.failed', message: 'La demande est invalide.', errors: [{ field: 'body', message: 'La demande est invalide.' }] };
  }
  if (error instanceof JsonTooDeepError) {
    return { statusCode: 400, code: 'validation.failed', message: 'Certains champs sont invalides.', errors: [{ field: error.field, message: error.message }] };
  }
  // Fastify's body refusals reach us as they are, or wrapped in an HttpException by Nest: unwrap them.
  const cause = error instanceof HttpException ? (error.cause as { code?: string } | undefined) : undefined;
  if (cause && (cause.code?.startsWith('FST_ERR_CTP_') || cause instanceof SyntaxError || cause instanceof JsonTooDeepError)) return toErrorBody(cause);
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const response = error.getResponse();
    if (typeof response === 'object' && response && 'errors' in response) return { statusCode: status, ...(response as object) } as ErrorBody;
    return { statusCode: status, code: httpCode(status), message: frenchMessage(status) };
  }
  const e = error as { code?: string; status?: number; statusCode?: number };
  if (e?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) {
    return { statusCode: 400, code: 'validation.failed', message: 'Le corps de la requête n’est pas un JSON valide.', errors: [{ field: 'body', message: 'Le corps de la requête n’est pas un JSON valide.' }] };
  }
  if (e?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return { statusCode: 413, code: 'request.too-large', message: 'La demande est trop volumineuse.' };
  }
  const status = e?.status ?? e?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { statusCode: status, code: httpCode(status), message: frenchMessage(status) };
  }
  if (isStorageUnavailable(error)) {
    return { statusCode: 503, code: 'storage.unavailable', message: STORAGE_UNAVAILABLE_MESSAGE };
  }
  return { statusCode: 500, code: 'internal', message: 'Une erreur inattendue est survenue. Réessayez dans quelques instants.' };
}

export const STORAGE_UNAVAILABLE_MESSAGE = 'Le service est momentanément indisponible. Réessayez dans quelques instants.';

/** PostgreSQL SQLSTATEs of a server going away or not accepting connections yet (admin shutdown, crash, start-up). */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN', 'ECONNABORTED']);
/** What `pg` and its pool throw, without a code, when the connection dies or cannot be made in time. */
const UNAVAILABLE_MESSAGES = /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/;

/**
 * The database cannot be reached right now (restart, failover, network): a `503` the client may retry, not a
 * `500`. Looks through `cause` chains and `AggregateError`s (a refused connection to every address).
 */
export function isStorageUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_SQLSTATES.has(e.code) || e.code.startsWith('08') || UNAVAILABLE_NODE_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isStorageUnavailable(inner, depth + 1))) return true;
  return isStorageUnavailable(e.cause, depth + 1);
}

function httpCode(status: number): string {
  return (
    { 400: 'validation.failed', 401: 'auth.unauthenticated', 403: 'auth.forbidden', 404: 'not-found', 405: 'method-not-allowed', 409: 'conflict', 410: 'gone', 413: 'request.too-large', 415: 'unsupported-media-type', 429: 'too-many-requests', 503: 'unavailable' } as Record<number, string>
  )[status] ?? `http-${status}`;
}

function frenchMessage(status: number): string {
  return (
    {
      400: 'La demande est invalide.',
      401: 'Identifiant ou mot de passe incorrect, ou session expirée.',
      403: 'Vous n’avez pas les droits nécessaires pour cette action.',
      404: 'Ressource introuvable.',
      405: 'Méthode non autorisée.',
      409: 'Conflit avec l’état actuel.',
      410: 'Ce lien n’est plus valide.',
      413: 'La demande est trop volumineuse.',
      415: 'Type de contenu non pris en charge.',
      429: 'Trop de tentatives. Réessayez dans quelques instants.',
      503: 'Service momentanément indisponible.',
    } as Record<number, string>
  )[status] ?? 'Erreur.';
}

@Catch()
export class ErrorResponseFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<FastifyReply>();
    const body = toErrorBody(error);
    if (body.statusCode === 503) this.logger.warn(`Stockage indisponible : ${(error as Error)?.message ?? String(error)}`);
    else if (body.statusCode >= 500) this.logger.error((error as Error)?.stack ?? String(error));
    if (response.sent || response.raw.headersSent) return;
    if (body.statusCode === 503) response.header('Retry-After', '5');
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    if (wantsNotFoundPage(request, body.statusCode) && sendNotFoundPage(request, response)) return;
    // Explicitly JSON: a page route may have set its HTML type before failing.
    response.code(body.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(body));
  }
}
