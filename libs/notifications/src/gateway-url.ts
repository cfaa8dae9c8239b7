/**
 * Reads a gateway URL from the environment (`SMTP_URL`, `SMS_URL`). An unreadable one throws `invalid()`, the
 * gateway's own error: the value itself is never echoed, it may hold a password.
 */
export function readGatewayUrl(value: string, invalid: () => Error): URL {
  try {
    return new URL(value);
  } catch {
    throw invalid();
  }
}

/** The host as a socket wants it: an IPv6 address without the URL's brackets. */
export function socketHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}
