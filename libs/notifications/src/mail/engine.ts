import { readFileSync } from 'node:fs';
import Handlebars from 'handlebars';

/** What every rendered mail is made of. */
export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export const PLATFORM_NAME = "Plateforme Employeurs Publics Pep's";
/** The guide's signature, on two lines. */
export const MAIL_SIGNATURE_LINES = [
  "L'assistance technique de la Plateforme Employeurs Publics Pep's",
  'Direction des Retraites et de la Solidarité - Caisse des Dépôts',
] as const;
/** The signature as a reader sees it once line breaks are folded. */
export const MAIL_SIGNATURE = MAIL_SIGNATURE_LINES.join(' ');
/** The guide links « Découvrez comment nous traitons vos données » without an address: a platform page stands in. */
export const PRIVACY_POLICY_PATH = '/donnees-personnelles';
export const MAIL_FOOTER = 'Cet email vous a été envoyé par un automate. Merci de ne pas répondre.';

/** Links shared by every mail (the signature's platform link, the optional privacy page). */
export interface MailLinks {
  /** Base URL of the platform (`PEPS_PUBLIC_URL`), linked under the signature. */
  platformUrl: string;
  /** Page describing the processing of personal data; defaults to `PRIVACY_POLICY_PATH` on the platform. */
  privacyPolicyUrl?: string;
}

export class MailRenderingError extends Error {
  override readonly name = 'MailRenderingError';
}

/** Accepts only absolute http(s) URLs: a hostile `javascript:` link never reaches a mail. */
export function assertHttpUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new MailRenderingError(`${what} must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new MailRenderingError(`${what} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  return value;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const htmlEngine = Handlebars.create();
htmlEngine.registerHelper('href', (value: unknown) => {
  if (typeof value !== 'string') throw new MailRenderingError('href expects a URL string');
  return new Handlebars.SafeString(escapeAttribute(assertHttpUrl(value, 'link')));
});
const textEngine = Handlebars.create();

type Compiled = Handlebars.TemplateDelegate;
const cache = new Map<string, Compiled>();

function template(name: string, kind: 'html' | 'txt'): Compiled {
  const key = `${name}.${kind}`;
  let compiled = cache.get(key);
  if (!compiled) {
    const source = readFileSync(new URL(`./templates/${key}.hbs`, import.meta.url), 'utf8');
    compiled =
      kind === 'html'
        ? htmlEngine.compile(source, { strict: true, knownHelpersOnly: false })
        : textEngine.compile(source, { strict: true, noEscape: true });
    cache.set(key, compiled);
  }
  return compiled;
}

function tidyText(text: string): string {
  return (
    text
      .replace(/\r\n/g, '\n')
      .split('\n')
      .map((line) => line.replace(/[ \t]+$/, ''))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim() + '\n'
  );
}

function tidyHtml(html: string): string {
  return html.replace(/\n{2,}/g, '\n').trim() + '\n';
}

function defaultPrivacyPolicyUrl(platformUrl: string): string {
  return `${platformUrl.replace(/\/+$/, '')}${PRIVACY_POLICY_PATH}`;
}

/**
 * Renders one mail: the body template `<name>.{html,txt}.hbs` inside the layout.
 * `view` holds display-ready strings only (dates already formatted).
 */
export function renderTemplate(
  name: string,
  subject: string,
  view: Record<string, unknown>,
  links: MailLinks,
  title: string = subject,
): RenderedMail {
  assertHttpUrl(links.platformUrl, 'platformUrl');
  if (links.privacyPolicyUrl !== undefined) assertHttpUrl(links.privacyPolicyUrl, 'privacyPolicyUrl');
  const layoutView = {
    subject,
    title,
    signature: MAIL_SIGNATURE_LINES,
    footer: MAIL_FOOTER,
    platformUrl: links.platformUrl,
    privacyPolicyUrl: links.privacyPolicyUrl ?? defaultPrivacyPolicyUrl(links.platformUrl),
  };
  const html = template('layout', 'html')({ ...layoutView, body: template(name, 'html')(view) });
  const text = template('layout', 'txt')({ ...layoutView, body: tidyText(template(name, 'txt')(view)).trimEnd() });
  return { subject, html: tidyHtml(html), text: tidyText(text) };
}
