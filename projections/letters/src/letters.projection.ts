import { DocumentTable, type Projection } from '@peps/read-store';
import type { SqlExecutor } from '@peps/sql';
import { evolveLetter, isLetterEvent, letterIdOf, type LetterEntry } from './evolve-letter.js';

export const lettersTable = new DocumentTable<LetterEntry>('letters', 'letter_id', {
  account_id: { type: 'text', value: (d) => d.accountId },
  employer_id: { type: 'text', value: (d) => d.employerId },
  status: { type: 'text not null', value: (d) => d.status },
  created_at: { type: 'timestamptz not null', value: (d) => d.createdAt },
});

export const lettersProjection: Projection<LetterEntry> = {
  name: 'letters',
  version: 1,
  eventTypes: isLetterEvent,
  migrations: [
    { version: 1, name: 'letters', sql: `${lettersTable.ddl()}; create index letters_created on read.letters (created_at desc)` },
    // The DRS registrations list takes each administrator's latest letter: without this index every row scanned the
    // letters (33–51 s for the list at 50,000 administrators, docs/performance.md).
    { version: 2, name: 'latest letter of an account', sql: 'create index letters_account on read.letters (account_id, created_at desc)' },
  ],
  tables: ['letters'],
  keys: (event) => [letterIdOf(event.stream)],
  evolve: (doc, event) => evolveLetter(doc, event),
  load: (tx, keys) => lettersTable.load(tx, keys),
  save: (tx, changes) => lettersTable.save(tx, changes),
};

export async function listLetters(db: SqlExecutor, filter: { status?: string; employerId?: string; accountId?: string } = {}): Promise<LetterEntry[]> {
  const { rows } = await db.query<{ doc: LetterEntry }>(
    `select doc from read.letters where ($1::text is null or status = $1) and ($2::text is null or employer_id = $2)
     and ($3::text is null or account_id = $3) order by created_at desc, letter_id limit 1000`,
    [filter.status ?? null, filter.employerId ?? null, filter.accountId ?? null],
    { prepare: false }, // optional filters: a plan for the ones given
  );
  return rows.map((r) => r.doc);
}

export async function findLetter(db: SqlExecutor, letterId: string): Promise<LetterEntry | null> {
  const { rows } = await db.query<{ doc: LetterEntry }>('select doc from read.letters where letter_id = $1', [letterId]);
  return rows[0]?.doc ?? null;
}
