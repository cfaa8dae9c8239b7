import { expect } from '@jest/globals';
import { MAIL_FOOTER, MAIL_SIGNATURE } from '../engine.js';

/** A mail's two parts, as rendered (strings) or as a mail client parsed them back (`html` may be `false`). */
export interface MailParts {
  readonly text?: string | undefined;
  readonly html?: string | false | undefined;
}

/** The HTML part as a reader sees it: tags dropped, entities decoded, whitespace collapsed. */
export function visibleHtml(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<title>[\s\S]*?<\/title>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.])/g, '$1')
    .trim();
}

/** Both parts as a reader sees them; the text part with its line breaks folded, as sentences wrap there. */
export function readable(mail: MailParts): { text: string; html: string } {
  return { text: (mail.text ?? '').replace(/\s+/g, ' ').trim(), html: visibleHtml(String(mail.html ?? '')) };
}

/** Asserts a sentence is in both parts. */
export function expectInBoth(mail: MailParts, sentence: string): void {
  const { text, html } = readable(mail);
  expect(text).toContain(sentence);
  expect(html).toContain(sentence);
}

/** Asserts a fragment is in neither part. */
export function expectNotInEither(mail: MailParts, fragment: string): void {
  const { text, html } = readable(mail);
  expect(text).not.toContain(fragment);
  expect(html).not.toContain(fragment);
}

/** Every mail ends with the same signature and footer, in both parts. */
export function expectSignatureAndFooter(mail: MailParts): void {
  expectInBoth(mail, MAIL_SIGNATURE);
  expectInBoth(mail, MAIL_FOOTER);
}
