export * from './evolve-rights-matrix.js';
export * from './rights-matrix.projection.js';
export * from './rights-matrix.queries.js';
export * from './rights-matrix.mongo.js';
