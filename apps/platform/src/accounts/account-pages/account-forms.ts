import type { FastifyReply, FastifyRequest } from 'fastify';
import { accountContactErrors, defaultRightsTemplate, type Profile } from '@peps/domain';
import { apiMessage, callApi, fieldErrors } from '../../shell/pages/api-client.js';
import { allServiceCodes, isLevel, toAccountView, toCatalogue, type AccountView, type Catalogue, type Level } from '../../shell/pages/account-view.js';
import { allow, handledFailure } from '../../shell/pages/guards.js';
import { page } from '../../shell/pages/page-context.js';

/** The accounts area's page kit: the account form (creation wizard, « Modifier »), its rights table and its API calls. */

export const CONTACT_FIELDS = ['profile', 'civility', 'lastName', 'firstName', 'email', 'emailConfirmation', 'phone', 'professionalAddress'] as const;

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

export function blankContact(): ContactValues {
  return { lastName: '', firstName: '', email: '', emailConfirmation: '', phone: '', professionalAddress: '' };
}

export function addressLines(value: string): string[] {
  return value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** The form's contact fields as `POST /api/accounts` receives them: no phone when empty, an address for administrators. */
export function newAccountBody(values: ContactValues): Record<string, unknown> {
  const body: Record<string, unknown> = {
    profile: values.profile,
    civility: values.civility,
    lastName: values.lastName,
    firstName: values.firstName,
    email: values.email,
    emailConfirmation: values.emailConfirmation,
  };
  if (values.phone) body.phone = values.phone;
  if (values.profile === 'administrator') body.professionalAddress = addressLines(values.professionalAddress);
  return body;
}

/**
 * The domain's field errors for what the page is about to send, keyed by field: the API decides with the same
 * function, so a page that must decide before calling it (the wizard's first step, a promotion's confirmation) says
 * exactly what the API would. A new account's form without `holderProfile`, a change's for that holder otherwise.
 */
export function contactErrors(body: Record<string, unknown>, holderProfile?: Profile): Record<string, string> {
  return fieldErrors({ errors: accountContactErrors(body, holderProfile) });
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

export function isContactField(field: string): boolean {
  return (CONTACT_FIELDS as readonly string[]).includes(field);
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

export async function loadCatalogue(req: FastifyRequest): Promise<{ catalogue: Catalogue; defaults: Record<string, Level> }> {
  const answer = await callApi(req, 'GET', '/services');
  const body = answer.status === 200 ? answer.body : undefined;
  const catalogue = toCatalogue(body);
  return { catalogue, defaults: defaultRights(body, catalogue) };
}

/** The account from the API, or the page already answered (signed out, refused, missing, unavailable). */
export async function loadAccount(req: FastifyRequest, res: FastifyReply, id: string): Promise<AccountView | undefined> {
  const answer = await callApi(req, 'GET', `/accounts/${encodeURIComponent(id)}`);
  if (answer.status === 200) return toAccountView(answer.body, id);
  if (!handledFailure(req, res, answer, 'Le compte')) {
    page(req, res, 'error', { title: 'Compte indisponible', heading: 'Compte indisponible', message: apiMessage(answer, 'Ce compte ne peut pas être affiché.') }, answer.status);
  }
  return undefined;
}

/** The account an administrator's page is about; undefined once the page has answered (signed out, refused, no such account). */
export async function administeredAccount(req: FastifyRequest, res: FastifyReply, id: string): Promise<AccountView | undefined> {
  if (!allow(req, res, 'administrator')) return undefined;
  return loadAccount(req, res, id);
}
