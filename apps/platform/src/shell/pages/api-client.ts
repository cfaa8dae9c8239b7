import type { FastifyRequest } from 'fastify';

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface FieldError {
  field: string;
  message: string;
}

export const CSRF_COOKIE = 'peps_csrf';

/** Session cookie names the API may set (plain over http, `__Host-` over https). */
const SESSION_COOKIES = ['peps_session', '__Host-peps_session'];

/**
 * The pages are a thin server-side client (BFF) of the platform's own JSON API: every call goes over loopback to
 * the very process that serves the page, carrying the caller's session cookie and CSRF token, so the API stays the
 * single place where rules, rights and employer scoping are enforced.
 */
export async function callApi<T = any>(
  req: FastifyRequest,
  method: string,
  path: string,
  options: { body?: unknown; accept?: string; bearer?: string } = {},
): Promise<ApiAnswer<T>> {
  const port = req.socket.localPort;
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  const cookies = (req.cookies ?? {}) as Record<string, string>;
  const forwarded = SESSION_COOKIES.filter((name) => cookies[name]).map((name) => `${name}=${cookies[name]}`);
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`;
  else if (forwarded.length > 0) headers.cookie = forwarded.join('; ');
  if (cookies[CSRF_COOKIE]) headers['x-csrf-token'] = cookies[CSRF_COOKIE];
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const forwardedFor = req.ip;
  if (forwardedFor) headers['x-forwarded-for'] = forwardedFor;
  const ua = req.headers['user-agent'];
  if (typeof ua === 'string') headers['user-agent'] = ua;
  const response = await fetch(`http://127.0.0.1:${port}/api${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
  });
  const type = response.headers.get('content-type') ?? '';
  let body: any;
  if (type.includes('application/json')) body = await response.json().catch(() => undefined);
  else if (type.startsWith('text/')) body = await response.text();
  else body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, body: body as T, headers: response.headers };
}

/** Field errors keyed by field (the API's `{errors:[{field,message}]}`), nested fields flattened with dots. */
export function fieldErrors(body: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  const list = (body as { errors?: FieldError[] } | undefined)?.errors;
  if (Array.isArray(list)) {
    for (const error of list) {
      if (error && typeof error.field === 'string' && !errors[error.field]) errors[error.field] = String(error.message);
    }
  }
  return errors;
}

export function apiMessage(answer: ApiAnswer, fallback: string): string {
  const message = (answer.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : fallback;
}

/** A write answers the position it reached; the next read waits for the read models to reach it. */
export function positionOf(answer: ApiAnswer): string | undefined {
  const fromBody = (answer.body as { position?: unknown } | undefined)?.position;
  if (typeof fromBody === 'string' && /^\d+:\d+$/.test(fromBody)) return fromBody;
  const header = answer.headers.get('x-position') ?? answer.headers.get('x-min-position');
  return header && /^\d+:\d+$/.test(header) ? header : undefined;
}
