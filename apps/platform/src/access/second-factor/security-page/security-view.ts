import { formatLongDate, formatTime } from '@peps/notifications';

/** What « Mon compte › Sécurité » shows of an instant: `12 mars 2020 à 14h05`, in Paris time. */
export interface ShownInstant {
  iso: string;
  text: string;
}

export function shownInstant(value: unknown): ShownInstant | undefined {
  if (typeof value !== 'string' || value === '' || Number.isNaN(new Date(value).getTime())) return undefined;
  return { iso: new Date(value).toISOString(), text: `${formatLongDate(value)} à ${formatTime(value)}` };
}

/** The manual key as people copy it: groups of 4 characters (`JBSW Y3DP EHPK 3PXP`). */
export function groupedKey(secret: string): string {
  return (secret.replace(/\s+/g, '').match(/.{1,4}/g) ?? []).join(' ');
}

/** A TOTP secret as the API hands it out (RFC 4648 base32), so that a tampered form field cannot inject anything. */
export function isTotpSecret(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Z2-7]{16,128}=*$/.test(value);
}

const QR_SIZE = 220;

/**
 * The API's QR code SVG, inlined: it is a picture with a name (`role="img"`, `aria-labelledby` naming the text
 * alternative beside it) and a fixed size (the CSP forbids style attributes). Anything but a plain `<svg>` — a script,
 * an event handler, a foreign object — is refused: undefined, and the page offers the manual key alone.
 */
export function labelledQrCode(svg: unknown, labelId: string): string | undefined {
  if (typeof svg !== 'string') return undefined;
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, '').trim();
  if (!/^<svg[\s>]/.test(body) || !body.endsWith('</svg>')) return undefined;
  if (/<script|<foreignObject|<iframe|\son[a-z]+\s*=|javascript:|href\s*=/i.test(body)) return undefined;
  const open = body.indexOf('>');
  const attributes = body
    .slice(4, open)
    .replace(/\s(width|height|role|aria-[a-z]+|focusable)="[^"]*"/g, '')
    .replace(/\/$/, '');
  return `<svg${attributes} width="${QR_SIZE}" height="${QR_SIZE}" role="img" aria-labelledby="${labelId}" focusable="false">${body.slice(open + 1)}`;
}

export interface WorkstationRow {
  id: string;
  label: string;
  trustedAt?: ShownInstant;
  expiresAt?: ShownInstant;
}

/** Trusted workstations as `GET /api/me/workstations` lists them (accounts and operators alike). */
export function workstationRows(body: unknown): WorkstationRow[] {
  return rowsOf(body, (item) => ({
    id: String(item?.id ?? ''),
    label: typeof item?.label === 'string' && item.label ? item.label : 'Poste sans nom',
    trustedAt: shownInstant(item?.trustedAt),
    expiresAt: shownInstant(item?.expiresAt),
  }));
}

/** The rows of a list the API answered (anything but an array: none), a row without an id left out. */
function rowsOf<Row extends { id: string }>(body: unknown, row: (item: Record<string, unknown>) => Row): Row[] {
  if (!Array.isArray(body)) return [];
  return body.map(row).filter((shown) => shown.id !== '');
}

export interface PasskeyRow {
  id: string;
  name: string;
  registeredAt?: ShownInstant;
  lastUsedAt?: ShownInstant;
}

export function passkeyRows(body: unknown): PasskeyRow[] {
  return rowsOf(body, (item) => ({
    id: String(item?.id ?? ''),
    name: typeof item?.name === 'string' ? item.name : '',
    registeredAt: shownInstant(item?.registeredAt),
    lastUsedAt: shownInstant(item?.lastUsedAt),
  }));
}

/** Recovery codes as the API gives them, numbered for the printed sheet. */
export function recoveryCodeList(body: unknown): string[] {
  const codes = (body as { recoveryCodes?: unknown } | undefined)?.recoveryCodes;
  return Array.isArray(codes) ? codes.filter((code): code is string => typeof code === 'string') : [];
}
