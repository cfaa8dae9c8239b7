export * from './evolve-rights-matrix.js';
export * from './rights-matrix.documents.js';
export * from './rights-matrix.projection.js';
export * from './rights-matrix-view.js';
export * from './rights-matrix.reader.js';
export * from './rights-matrix.sql-reader.js';
export * from './rights-matrix.mongo-reader.js';
export * from './rights-matrix.readers.js';
