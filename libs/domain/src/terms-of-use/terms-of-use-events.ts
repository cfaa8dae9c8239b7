import type { Actor } from '../shared/command-metadata.js';

export interface TermsOfUsePublished {
  type: 'terms-of-use.published';
  data: { version: string; text: string; publishedBy: Actor; publishedAt: string };
}

export type TermsOfUseEvent = TermsOfUsePublished;
