// What the page specs do as a browser would, without one: cookies kept from Set-Cookie, forms posted with them.
import type { TestPlatform } from './test-platform.js';

/** What a browser would hold: cookie name → value, fed by Set-Cookie answers. */
export type Jar = Record<string, string>;

export interface PageAnswer {
  status: number;
  text: string;
  location: string | null;
  setCookies: string[];
}

export const cookieHeader = (jar: Jar) =>
  Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join('; ');

/** Keeps the cookies an answer sets in `jar`, and forgets those it clears. */
export function absorb(jar: Jar, setCookies: string[]): void {
  for (const line of setCookies) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    const name = pair!.slice(0, at).trim();
    const value = pair!.slice(at + 1).trim();
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) delete jar[name];
    else jar[name] = value;
  }
}

/** The form token of a page's form. */
export const csrfIn = (html: string): string => {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no _csrf field in the page');
  return match[1]!;
};

/** The message the next page shows (the flash cookie an answer sets), if any. */
export const flashOf = (setCookies: string[]): { kind: string; message: string } | undefined => {
  const line = setCookies.find((c) => c.startsWith('peps_flash='));
  if (!line) return undefined;
  return JSON.parse(Buffer.from(line.split(';')[0]!.slice('peps_flash='.length), 'base64url').toString('utf8')) as { kind: string; message: string };
};

/** A page request with the jar's cookies (and `form` URL-encoded), redirects not followed. */
export async function sendPage(
  platform: TestPlatform,
  method: string,
  path: string,
  jar: Jar,
  options: { form?: Record<string, string> | [string, string][]; headers?: Record<string, string> } = {},
): Promise<PageAnswer> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (Object.keys(jar).length > 0) headers.cookie = cookieHeader(jar);
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(platform.url + path, { method, headers, body, redirect: 'manual' });
  return { status: response.status, text: await response.text(), location: response.headers.get('location'), setCookies: response.headers.getSetCookie() };
}

/** What Chromium sends with a form posted from the platform's own page. */
export const sameOriginHeaders = (platform: TestPlatform): Record<string, string> => ({ origin: platform.url, 'sec-fetch-site': 'same-origin' });

/** A page request as a browser on the platform's own pages sends it (same-origin headers), its cookies then kept in `jar`. */
export async function browsePage(
  platform: TestPlatform,
  method: string,
  path: string,
  jar: Jar,
  form?: Record<string, string> | [string, string][],
): Promise<PageAnswer> {
  const answer = await sendPage(platform, method, path, jar, { form, headers: sameOriginHeaders(platform) });
  absorb(jar, answer.setCookies);
  return answer;
}
