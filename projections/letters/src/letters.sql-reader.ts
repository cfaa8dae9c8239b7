import type { SqlExecutor } from '@peps/sql';
import type { LetterEntry } from './evolve-letter.js';
import { LETTERS_LIMIT, type LetterFilter, type LettersReader } from './letters.reader.js';

export class SqlLettersReader implements LettersReader {
  constructor(private readonly db: SqlExecutor) {}

  async list(filter: LetterFilter = {}): Promise<LetterEntry[]> {
    const { rows } = await this.db.query<{ doc: LetterEntry }>(
      `select doc from read.letters where ($1::text is null or status = $1) and ($2::text is null or employer_id = $2)
       and ($3::text is null or account_id = $3) order by created_at desc, letter_id limit ${LETTERS_LIMIT}`,
      [filter.status ?? null, filter.employerId ?? null, filter.accountId ?? null],
      { prepare: false }, // optional filters: a plan for the ones given
    );
    return rows.map((r) => r.doc);
  }
}
