import { readGatewayUrl, socketHost } from '../gateway-url.js';

/** `SMS_URL`: `smpp://system_id:password@host:port` (port 2775 when omitted; both parts percent-decoded). */
export interface ParsedSmppUrl {
  host: string;
  port: number;
  systemId: string;
  password: string;
}

export class SmppUrlError extends Error {
  override readonly name = 'SmppUrlError';
}

export const DEFAULT_SMPP_PORT = 2775;

export function parseSmppUrl(value: string): ParsedSmppUrl {
  const url = readGatewayUrl(value, () => new SmppUrlError('SMS_URL is not a URL (expected smpp://user:password@host:port)'));
  if (url.protocol !== 'smpp:') throw new SmppUrlError(`SMS_URL must use the smpp: scheme, not ${url.protocol}`);
  if (!url.hostname) throw new SmppUrlError('SMS_URL has no host');
  if (!url.username) throw new SmppUrlError('SMS_URL has no system_id (smpp://user:password@host:port)');
  return {
    host: socketHost(url),
    port: url.port ? Number(url.port) : DEFAULT_SMPP_PORT,
    systemId: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}
