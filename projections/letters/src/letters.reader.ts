import type { LetterEntry } from './evolve-letter.js';

export interface LetterFilter {
  status?: string;
  employerId?: string;
  accountId?: string;
}

/** The letters to legal representatives, on whichever read store (`SqlLettersReader`, `MongoLettersReader`). */
export interface LettersReader {
  /** Newest first (then by letter id), at most 1,000, filtered on what is given. */
  list(filter?: LetterFilter): Promise<LetterEntry[]>;
}

export const LETTERS_LIMIT = 1000;
