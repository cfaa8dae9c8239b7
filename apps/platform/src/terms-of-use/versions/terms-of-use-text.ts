import { DomainError, TERMS_OF_USE_STREAM, type TermsOfUseEvent } from '@peps/domain';
import type { WriteSide } from '../../shell/command-side/write-side.js';

export interface TermsOfUseText {
  version: string;
  publishedAt: string;
  text: string;
}

/** The text lives only in the publication event (the folded state keeps dates): read it from the stream. */
export async function loadTermsOfUseText(writeSide: WriteSide, version: string): Promise<TermsOfUseText> {
  const recorded = await writeSide.store.readStream(TERMS_OF_USE_STREAM);
  for (const event of recorded) {
    if (event.type !== 'terms-of-use.published') continue;
    const data = event.data as Extract<TermsOfUseEvent, { type: 'terms-of-use.published' }>['data'];
    if (data.version === version) return { version: data.version, publishedAt: data.publishedAt, text: data.text };
  }
  throw new DomainError('terms-of-use.not-published');
}
