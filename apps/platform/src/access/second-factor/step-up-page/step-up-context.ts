import { decodePending, encodePending, type PendingChallenge } from '../code-page/challenge-cookie.js';

/** A form's fields as the urlencoded parser (extended: false) gives them: strings, or lists of strings. */
export type FormFields = Record<string, string | string[]>;

/** What the step-up page carries between its forms: the challenge, and the action the user started. */
export interface StepUpContext {
  pending: PendingChallenge;
  /** The path the original form posted to (same origin only). */
  action: string;
  fields: FormFields;
  /** Where « Annuler et revenir » leads. */
  cancel: string;
}

/** A path of this origin: no scheme, no `//host`, no backslash a browser could read as one. */
export function isLocalPath(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 500 && /^\/(?![/\\])[^\s\\]*$/.test(value);
}

/** The original form without its CSRF token (the continuation carries the new one) nor anything but strings. */
export function formFields(body: unknown): FormFields {
  const fields: FormFields = {};
  for (const [name, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (name === '_csrf' || name.length > 200) continue;
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value) && value.every((item) => typeof item === 'string')) fields[name] = value as string[];
  }
  return fields;
}

/** Hidden inputs, one per value, in the order of the form. */
export function hiddenInputs(fields: FormFields): { name: string; value: string }[] {
  return Object.entries(fields).flatMap(([name, value]) => (Array.isArray(value) ? value : [value]).map((item) => ({ name, value: item })));
}

export function encodeContext(context: StepUpContext): string {
  return Buffer.from(JSON.stringify({ p: encodePending(context.pending), a: context.action, f: context.fields, c: context.cancel })).toString('base64url');
}

/**
 * The context a step-up form sent back, checked again (the browser could have changed it): a live-looking challenge,
 * a same-origin action. The API still decides everything; this only keeps the page from posting elsewhere.
 */
export function decodeContext(raw: unknown): StepUpContext | undefined {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 300_000) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { p?: unknown; a?: unknown; f?: unknown; c?: unknown };
    const pending = decodePending(parsed.p);
    if (!pending || !isLocalPath(parsed.a) || parsed.a.startsWith('/verification')) return undefined;
    return { pending, action: parsed.a, fields: formFields(parsed.f), cancel: isLocalPath(parsed.c) ? parsed.c : '/' };
  } catch {
    return undefined;
  }
}
