export * from './mongo-positions.js';
export * from './mongo-documents.js';
export * from './mongo-lease.js';
export * from './mongo-read-store.js';
