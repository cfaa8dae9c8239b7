import type { JsonLogger } from '@peps/runtime';

/**
 * The one line a request leaves (`PEPS_LOG_FORMAT=json`). Only these fields, none taken from the URL, the body, the
 * cookies or the credentials: the route is the pattern (`/api/accounts/:id`), the actor an account id (or absent).
 */
export interface RequestLine {
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  correlationId?: string;
  actorId?: string;
  /** The client went away before the answer was sent. */
  aborted?: boolean;
}

export function writeRequestLine(logger: JsonLogger, line: RequestLine): void {
  const level = line.status >= 500 ? 'error' : 'info';
  logger[level]({ ...line, durationMs: Math.round(line.durationMs * 10) / 10 }, 'request');
}
