export * from './evolve-letter.js';
export * from './letters.projection.js';
export * from './letters.mongo.js';
