export * from './evolve-letter.js';
export * from './letters.projection.js';
