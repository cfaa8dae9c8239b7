export * from './evolve-administrator-registrations.js';
export * from './administrator-registrations.documents.js';
export * from './administrator-registrations.projection.js';
export * from './administrator-registrations.reader.js';
export * from './administrator-registrations.sql-reader.js';
export * from './administrator-registrations.mongo-reader.js';
export * from './administrator-registrations.readers.js';
