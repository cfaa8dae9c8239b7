import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What a proxy's request id may be: a UUID, nginx's 32 hex digits, a ULID... Up to 40 visible characters from a small
 * set, so that a header cannot inject a log field or a line, nor carry a session token (43 characters) into the logs.
 */
const ACCEPTED = /^[A-Za-z0-9._:-]{1,40}$/;

/** The request id given by the proxy in front when it is acceptable, else a new one. */
export function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && ACCEPTED.test(given) ? given : randomUUID();
}
