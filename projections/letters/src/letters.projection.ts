import type { Projection } from '@peps/read-store';
import { evolveLetter, isLetterEvent, letterIdOf, type LetterEntry } from './evolve-letter.js';
import { lettersTable } from './letters.documents.js';

export const lettersProjection: Projection<LetterEntry> = {
  name: 'letters',
  version: 1,
  eventTypes: isLetterEvent,
  migrations: [
    { version: 1, name: 'letters', sql: `${lettersTable.ddl()}; ${lettersTable.createIndex('created')}` },
    { version: 2, name: 'latest letter of an account', sql: lettersTable.createIndex('account') },
  ],
  tables: ['letters'],
  keys: (event) => [letterIdOf(event.stream)],
  evolve: (doc, event) => evolveLetter(doc, event),
  load: (tx, keys) => lettersTable.load(tx, keys),
  save: (tx, changes) => lettersTable.save(tx, changes),
};
