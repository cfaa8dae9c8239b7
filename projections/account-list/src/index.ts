export * from './account-list-document.js';
export * from './evolve-account-list.js';
export * from './account-list.documents.js';
export * from './account-list.projection.js';
export * from './account-list.reader.js';
export * from './account-list.sql-reader.js';
export * from './account-list.mongo-reader.js';
export * from './account-list.readers.js';
