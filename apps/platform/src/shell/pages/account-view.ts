import { listedStatusLabels } from '@peps/account-list';
import { accessLevelLabels, isAccessLevel, profileLabels as accountProfileLabels, rightsCatalogue, type AccessLevel } from '@peps/domain';

/** How every back-office page shows an account (accounts, home, DRS, audit): labels, names, the API's answers. */

export type Level = AccessLevel;
export const levelLabels: Record<Level, string> = accessLevelLabels;
export const isLevel = isAccessLevel;
export const profileLabels: Record<string, string> = accountProfileLabels;
/** The account list's status labels (the domain's and « invitation expired »); `pending` reads as `invited`. */
export const statusLabels: Record<string, string> = { ...listedStatusLabels, pending: listedStatusLabels.invited };

export interface Catalogue {
  families: { code: string; label: string; services: { code: string; label: string }[] }[];
}

/** The catalogue from `GET /api/services`, in whichever of the usual shapes it comes; the domain's as a fallback. */
export function toCatalogue(body: unknown): Catalogue {
  const source = (body as { families?: unknown } | undefined)?.families ?? (Array.isArray(body) ? body : undefined);
  if (Array.isArray(source) && source.length > 0) {
    return {
      families: source.map((f: any) => ({
        code: String(f.code ?? f.label),
        label: String(f.label ?? f.code),
        services: (Array.isArray(f.services) ? f.services : []).map((s: any) => ({ code: String(s.code), label: String(s.label ?? s.code) })),
      })),
    };
  }
  return { families: rightsCatalogue.families.map((f) => ({ code: f.code, label: f.label, services: f.services.map((s) => ({ ...s })) })) };
}

export function allServiceCodes(catalogue: Catalogue): string[] {
  return catalogue.families.flatMap((f) => f.services.map((s) => s.code));
}

export function rightsView(catalogue: Catalogue, rights: Record<string, Level>) {
  return catalogue.families.map((f) => ({
    code: f.code,
    label: f.label,
    services: f.services.map((s) => ({ code: s.code, label: s.label, level: rights[s.code] ?? 'none', levelLabel: levelLabels[rights[s.code] ?? 'none'] })),
  }));
}

export function civilityShort(civility: unknown): string {
  return civility === 'madame' ? 'Mme' : 'M.';
}

export function holderName(contact: { civility?: unknown; firstName?: unknown; lastName?: unknown }): string {
  return `${civilityShort(contact.civility)} ${String(contact.firstName ?? '')} ${String(contact.lastName ?? '')}`.replace(/\s+/g, ' ').trim();
}

/** The account of `GET /api/accounts/:id`, flattened (contact details may sit at the top or under `contact`). */
export interface AccountView {
  accountId: string;
  identifier: string;
  profile: string;
  status: string;
  version: number;
  civility: string;
  lastName: string;
  firstName: string;
  email: string;
  phone: string;
  professionalAddress: string[];
  rights: Record<string, Level>;
  administratorSince: string | null;
  employerId: string | null;
}

export function toAccountView(body: any, id: string): AccountView {
  const contact = body?.contact ?? body ?? {};
  return {
    accountId: String(body?.accountId ?? body?.id ?? id),
    identifier: String(body?.identifier ?? ''),
    profile: String(body?.profile ?? 'user'),
    status: String(body?.status ?? ''),
    version: Number(body?.version ?? 0),
    civility: String(contact.civility ?? ''),
    lastName: String(contact.lastName ?? ''),
    firstName: String(contact.firstName ?? ''),
    email: String(contact.email ?? ''),
    phone: contact.phone ? String(contact.phone) : '',
    professionalAddress: Array.isArray(contact.professionalAddress) ? contact.professionalAddress.map(String) : [],
    rights: (body?.rights ?? {}) as Record<string, Level>,
    administratorSince: body?.administratorSince ?? null,
    employerId: body?.employerId ?? null,
  };
}
