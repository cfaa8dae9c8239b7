import { DocumentTable, documentKind, mongoMappingOf, readModelDocuments } from '@peps/read-store';
import type { LetterEntry } from './evolve-letter.js';

/** A letter and what the lists filter on: table `read.letters`, collection `letters`. */
export const lettersDocuments = documentKind<LetterEntry>()({
  table: 'letters',
  key: 'letterId',
  fields: {
    accountId: { type: 'text', nullable: true, value: (d) => d.accountId },
    employerId: { type: 'text', nullable: true, value: (d) => d.employerId },
    status: { type: 'text', value: (d) => d.status },
    createdAt: { type: 'timestamp', value: (d) => d.createdAt },
  },
  sqlIndexes: {
    created: ['createdAt desc'],
    // The DRS registrations list takes each administrator's latest letter: without this index every row scanned the
    // letters (33–51 s for the list at 50,000 administrators, docs/performance.md).
    account: ['accountId', 'createdAt desc'],
  },
});

export const lettersReadModel = readModelDocuments({
  projection: 'letters',
  kinds: [lettersDocuments],
  mongoIndexes: {
    created: ['createdAt desc', '_id'],
    status_created: ['status', 'createdAt desc', '_id'],
    employer_created: ['employerId', 'createdAt desc', '_id'],
    // Also the registrations' lookup of each account's latest letter.
    account_created: ['accountId', 'createdAt desc', '_id'],
  },
});

export const lettersTable = new DocumentTable(lettersDocuments);

export const lettersMongoMapping = mongoMappingOf<LetterEntry>(lettersReadModel);
