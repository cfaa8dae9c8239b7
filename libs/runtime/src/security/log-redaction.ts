/**
 * What may reach a log line (ASVS 16.2.5): no password, token or full e-mail. E-mail addresses keep their first
 * letter and their domain (`j***@example.fr`); long hexadecimal or base64url runs (tokens, digests) are cut.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email[0]}***${email.slice(at)}`;
}

const EMAIL = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
const TOKEN = /[A-Za-z0-9_-]{32,}/g;

export function redactForLog(message: string): string {
  return message.replace(EMAIL, (email) => maskEmail(email)).replace(TOKEN, (token) => `${token.slice(0, 4)}…[masqué]`);
}
