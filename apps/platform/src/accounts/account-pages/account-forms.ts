import { defaultRightsTemplate } from '@peps/domain';
import { rightsCatalogue } from '@peps/domain';

export type Level = 'none' | 'read' | 'write';
export const levelLabels: Record<Level, string> = { none: 'Aucun', read: 'Lecture seule', write: 'Modification' };
export const profileLabels: Record<string, string> = { administrator: 'Administrateur', user: 'Utilisateur' };
export const statusLabels: Record<string, string> = {
  invited: 'En attente de création du mot de passe',
  'invitation-expired': 'Lien de création du mot de passe expiré',
  active: 'Actif',
  locked: 'Bloqué',
  deactivated: 'Désactivé',
  closed: 'Supprimé',
  pending: 'En attente de création du mot de passe',
};

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

/** The employer's default levels ("the same as E-services"), from the catalogue answer when it carries them. */
export function defaultRights(body: unknown, catalogue: Catalogue): Record<string, Level> {
  const given = (body as { defaults?: Record<string, Level>; defaultRights?: Record<string, Level> } | undefined) ?? {};
  const defaults = given.defaults ?? given.defaultRights ?? {};
  const result: Record<string, Level> = {};
  for (const code of allServiceCodes(catalogue)) {
    result[code] = isLevel(defaults[code]) ? defaults[code] : ((defaultRightsTemplate as Record<string, Level>)[code] ?? 'none');
  }
  return result;
}

export function isLevel(value: unknown): value is Level {
  return value === 'none' || value === 'read' || value === 'write';
}

export function rightsFromForm(form: Record<string, unknown>, catalogue: Catalogue, fallback: Record<string, Level>): Record<string, Level> {
  const rights: Record<string, Level> = {};
  for (const code of allServiceCodes(catalogue)) {
    const value = form[`right_${code}`];
    rights[code] = isLevel(value) ? value : (fallback[code] ?? 'none');
  }
  // The no-JS whole-column choice: "<family>:<level>" sets the whole family.
  const column = form._column;
  if (typeof column === 'string' && column.includes(':')) {
    const [family, level] = column.split(':');
    const found = catalogue.families.find((f) => f.code === family);
    if (found && isLevel(level)) for (const s of found.services) rights[s.code] = level;
  }
  return rights;
}

export function rightsView(catalogue: Catalogue, rights: Record<string, Level>) {
  return catalogue.families.map((f) => ({
    code: f.code,
    label: f.label,
    services: f.services.map((s) => ({ code: s.code, label: s.label, level: rights[s.code] ?? 'none', levelLabel: levelLabels[rights[s.code] ?? 'none'] })),
  }));
}

export interface ContactValues {
  profile?: string;
  civility?: string;
  lastName: string;
  firstName: string;
  email: string;
  emailConfirmation: string;
  phone: string;
  professionalAddress: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

export function contactFromForm(form: Record<string, unknown>): ContactValues {
  return {
    profile: text(form.profile) || undefined,
    civility: text(form.civility) || undefined,
    lastName: text(form.lastName),
    firstName: text(form.firstName),
    email: text(form.email),
    emailConfirmation: text(form.emailConfirmation),
    phone: text(form.phone),
    professionalAddress: typeof form.professionalAddress === 'string' ? form.professionalAddress.replace(/\r\n/g, '\n').trim() : '',
  };
}

export function addressLines(value: string): string[] {
  return value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Step 1's checks (the API checks again): required fields, e-mail shape and confirmation, address for administrators. */
export function checkContact(values: ContactValues, requireProfile: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (requireProfile && values.profile !== 'administrator' && values.profile !== 'user') errors.profile = 'Choisissez le profil du compte.';
  if (values.civility !== 'monsieur' && values.civility !== 'madame') errors.civility = 'Choisissez la civilité.';
  if (!values.lastName) errors.lastName = 'Renseignez le nom.';
  if (!values.firstName) errors.firstName = 'Renseignez le prénom.';
  if (!values.email) errors.email = 'Renseignez le courriel.';
  else if (!emailPattern.test(values.email)) errors.email = 'Le courriel doit être de la forme nom@domaine.fr.';
  if (!values.emailConfirmation) errors.emailConfirmation = 'Confirmez le courriel.';
  else if (values.email.toLowerCase() !== values.emailConfirmation.toLowerCase()) errors.emailConfirmation = 'Les deux courriels ne sont pas identiques.';
  if (values.phone && !/^[+0-9 .()-]{6,20}$/.test(values.phone)) errors.phone = 'Le téléphone ne doit contenir que des chiffres, espaces, points ou tirets.';
  if (values.profile === 'administrator' && addressLines(values.professionalAddress).length === 0) {
    errors.professionalAddress = "Renseignez l'adresse professionnelle : elle est requise pour un compte Administrateur.";
  }
  return errors;
}

export function civilityShort(civility: unknown): string {
  return civility === 'madame' ? 'Mme' : 'M.';
}

export function holderName(contact: { civility?: unknown; firstName?: unknown; lastName?: unknown }): string {
  return `${civilityShort(contact.civility)} ${String(contact.firstName ?? '')} ${String(contact.lastName ?? '')}`.replace(/\s+/g, ' ').trim();
}

/** The API's field names may be nested (`contact.email`) or indexed (`professionalAddress[0]`): keep the field. */
export function normaliseErrors(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const key = field.replace(/^(contact|firstAdministrator|body)\./, '').replace(/\[\d+\]$/, '').replace(/\.\d+$/, '');
    if (!out[key]) out[key] = message;
  }
  return out;
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

export function contactValuesOf(account: AccountView): ContactValues {
  return {
    profile: account.profile,
    civility: account.civility,
    lastName: account.lastName,
    firstName: account.firstName,
    email: account.email,
    emailConfirmation: account.email,
    phone: account.phone,
    professionalAddress: account.professionalAddress.join('\n'),
  };
}
