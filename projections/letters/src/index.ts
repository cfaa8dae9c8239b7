export * from './evolve-letter.js';
export * from './letters.documents.js';
export * from './letters.projection.js';
export * from './letters.reader.js';
export * from './letters.sql-reader.js';
export * from './letters.mongo-reader.js';
export * from './letters.readers.js';
